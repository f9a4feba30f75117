// Billing in the browser against the Stripe test server (e2e/stripe): sign up for pro → the
// hosted-checkout stand-in → signed webhooks → provisioning → the dashboard shows pro and the
// trial end; the customer portal; an upgrade; a failed payment shows the banner, suspends the
// instance after the grace period (0 days in the browser tests' configuration) and a payment resumes it.
import { expect, test, type Page } from '@playwright/test'

const appPort = Number(process.env.E2E_PORT ?? 3100)
const stripeUrl = `http://127.0.0.1:${Number(process.env.E2E_STRIPE_PORT ?? appPort + 11)}`

async function instanceState(page: Page, slug: string): Promise<string> {
  await page.goto(`/${slug}`)
  return ((await page.getByRole('region', { name: `Instance ${slug}` }).getByTestId('instance-state').textContent()) ?? '').trim()
}

test('pro through Stripe Checkout: trial, provisioning, portal, upgrade, dunning and recovery', async ({ page, request }) => {
  test.setTimeout(300_000)
  const stamp = Date.now().toString(36)
  const orgName = `Paying Co ${stamp}`
  const slug = `paying-co-${stamp}`

  await page.goto('/signup')
  await page.getByLabel('Your name').fill('Pat Payer')
  await page.getByLabel('Email').fill(`pat-${stamp}@example.test`)
  await page.getByLabel('Password').fill('A-Strong-Passphrase-91')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/organization$/)
  await page.getByLabel('Organization name').fill(orgName)
  await expect(page.getByRole('status').filter({ hasText: `${slug}.tenants.localhost is available` })).toBeVisible()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/plan$/)
  await page.locator('label').filter({ has: page.locator('input[value="pro"]') }).click()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/review$/)

  // the hosted checkout (Stripe's page; here the test server's stand-in)
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(page).toHaveURL(new RegExp(`^${stripeUrl}/checkout/cs_test_`), { timeout: 30_000 })
  await expect(page.getByTestId('checkout-amount')).toHaveText('$49.00 / month after a 14-day free trial')
  await page.getByRole('button', { name: 'Start trial' }).click()

  // back in Tenancy: the webhook started provisioning; the progress page hands over to the dashboard
  await expect(page).toHaveURL(new RegExp(`/${slug}/provisioning`))
  await expect(page).toHaveURL(new RegExp(`/${slug}$`), { timeout: 120_000 })
  await expect(page.getByTestId('plan-name')).toHaveText('Pro')
  const trialEnd = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
  await expect(page.getByTestId('trial-end')).toHaveText(trialEnd)

  // the customer portal, and back
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Billing' }).click()
  await expect(page.getByTestId('billing-status')).toHaveText('Trial')
  await page.getByRole('button', { name: 'Manage payment method' }).click()
  await expect(page).toHaveURL(new RegExp(`^${stripeUrl}/portal/bps_`))
  await expect(page.getByRole('heading', { name: 'Billing portal' })).toBeVisible()
  await page.getByRole('link', { name: 'Return to Tenancy' }).click()
  await expect(page).toHaveURL(new RegExp(`/${slug}/billing$`))

  // upgrade now
  await page.getByLabel('New plan').selectOption('enterprise')
  await page.getByRole('button', { name: 'Change plan' }).click()
  await expect(page.getByText('Plan changed. Your instance is being updated.')).toBeVisible()
  await expect(page.getByTestId('billing-plan')).toContainText('Enterprise')
  await expect(page.getByTestId('plan-name')).toHaveText('Enterprise')
  await expect.poll(() => instanceState(page, slug), { timeout: 120_000 }).toBe('active')

  // a failed payment: the banner; after the grace period the instance is suspended
  const failed = await request.post(`${stripeUrl}/_test/by-name/${encodeURIComponent(orgName)}/fail-payment`)
  expect(failed.status(), await failed.text()).toBe(200)
  await expect
    .poll(
      async () => {
        await page.goto(`/${slug}/billing`)
        return page.getByTestId('dunning-banner').count()
      },
      { timeout: 30_000 },
    )
    .toBe(1)
  await expect(page.getByTestId('dunning-banner')).toContainText(/payment (failed|is overdue)/i)
  await expect(page.getByTestId('billing-status')).toHaveText('Payment overdue')
  await expect.poll(() => instanceState(page, slug), { timeout: 150_000, intervals: [3_000] }).toBe('suspended')

  // payment resumes the instance and the banner goes
  const paid = await request.post(`${stripeUrl}/_test/by-name/${encodeURIComponent(orgName)}/pay`)
  expect(paid.status(), await paid.text()).toBe(200)
  await expect.poll(() => instanceState(page, slug), { timeout: 120_000, intervals: [2_000] }).toBe('active')
  await expect(page.getByTestId('dunning-banner')).toHaveCount(0)
})
