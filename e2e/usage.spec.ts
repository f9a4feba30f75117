// The usage page on the seeded data (90 days of hourly samples per demo tenant): the charts
// render, the range picker changes them, the instance panel shows storage per volume, and one
// tenant's owner cannot load another tenant's usage.
import { expect, test } from '@playwright/test'
import { demoLogin, expectNotFound, signIn } from './fixtures'

// Several page loads and a client-side chart library per test, on a shared, busy machine.
test.describe.configure({ timeout: 120_000 })

test('the seeded tenant’s usage page renders the charts and the range picker changes them', async ({ page }) => {
  await signIn(page, 'alice@acme.test', demoLogin().demoPassword)
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
  await page.goto('/acme/usage')
  await expect(page.getByRole('heading', { name: 'Usage' })).toBeVisible()
  // No PROMETHEUS_URL in this run: the page says metering is off and shows what is stored.
  await expect(page.getByTestId('metering-off')).toBeVisible()
  const storage = page.getByTestId('chart-storage')
  const cpu = page.getByTestId('chart-cpu')
  const bandwidth = page.getByTestId('chart-bandwidth')
  for (const chart of [storage, cpu, bandwidth]) await expect(chart.locator('svg.recharts-surface').first()).toBeVisible()
  // 30 days by day (the default): 31 buckets, bars drawn for the days with data.
  await expect(page.getByRole('link', { name: '30 days' })).toHaveAttribute('aria-current', 'page')
  await expect(cpu).toHaveAttribute('data-points', '31')
  await expect(storage.locator('.recharts-legend-item')).toHaveText(['data-app-0', 'data-postgres-0'])
  const monthBars = await cpu.locator('.recharts-bar-rectangle').count()
  expect(monthBars).toBeGreaterThanOrEqual(28)

  await page.getByRole('link', { name: '7 days' }).click()
  await expect(page).toHaveURL(/range=7d/)
  await expect(cpu).toHaveAttribute('data-points', '168')
  await expect.poll(() => cpu.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(monthBars * 4)

  await page.getByRole('link', { name: '12 months' }).click()
  await expect(page).toHaveURL(/range=12m/)
  await expect(cpu).toHaveAttribute('data-points', '53')
  await expect(bandwidth).toHaveAttribute('data-points', '53')
  await expect(page.getByRole('link', { name: '12 months' })).toHaveAttribute('aria-current', 'page')

  await expect(page.getByTestId('cost-estimate')).toContainText('Month to date')
  await expect(page.getByTestId('cost-total')).toHaveText(/^\$\d/)

  // The instance panel: current storage per volume with its percentage.
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Instance' }).click()
  const volumes = page.getByTestId('volume-usage')
  await expect(volumes).toContainText('data-app-0')
  await expect(volumes.getByTestId('volume-percent').first()).toHaveText(/of .* · \d+(\.\d)?%/)
})

test('a tenant cannot load another tenant’s usage', async ({ page }) => {
  // ida: the one demo owner no other spec changes (accounts.spec resets gary's password).
  await signIn(page, 'ida@initech.test', demoLogin().demoPassword)
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
  await expectNotFound(page, '/acme/usage')
  await expectNotFound(page, '/acme/usage?range=7d')
  const own = await page.goto('/initech/usage')
  expect(own?.status()).toBe(200)
  await expect(page.getByTestId('chart-cpu')).toBeVisible()
  await expect(page.getByTestId('chart-storage').locator('.recharts-legend-item').first()).toHaveText('data-app-0')
})
