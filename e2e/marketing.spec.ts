import { expect, test } from '@playwright/test'

test('the landing page explains the product and leads to sign-up and pricing', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveTitle(/Tenancy/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your own instance, isolated and managed.')
  await expect(page.getByRole('link', { name: 'Start free' }).first()).toHaveAttribute('href', '/signup')
  await page.getByRole('link', { name: 'See pricing' }).click()
  await expect(page).toHaveURL(/\/pricing$/)
})

test('the pricing page lists every plan of the catalog with its price, by app', async ({ page }) => {
  await page.goto('/pricing')
  const generic = page.getByRole('region', { name: 'Generic app' })
  const plans = generic.getByRole('article')
  await expect(plans).toHaveCount(4)
  await expect(plans.nth(0)).toContainText('Demo')
  await expect(plans.nth(0)).toContainText('Expires after 7 days')
  await expect(plans.nth(1)).toContainText('Free')
  await expect(plans.nth(2)).toContainText('Pro')
  await expect(plans.nth(2)).toContainText('$49')
  await expect(plans.nth(2)).toContainText('14-day free trial')
  await expect(plans.nth(3)).toContainText('Custom')
  await expect(generic.getByRole('table')).toContainText('$0.05 per GB-month')
  await expect(generic.getByRole('link', { name: 'Start trial' })).toHaveAttribute('href', '/signup?plan=pro')
})

test('health endpoints: liveness and readiness with every check passing', async ({ request }) => {
  const live = await request.get('/api/healthz')
  expect(live.status()).toBe(200)
  expect(await live.json()).toEqual({ status: 'ok' })

  const ready = await request.get('/api/readyz')
  expect(ready.status()).toBe(200)
  const body = await ready.json()
  expect(body.status).toBe('ready')
  expect(body.checks.database.ok).toBe(true)
  expect(body.checks.migrations.ok).toBe(true)
  expect(body.checks.worker.ok).toBe(true)
  expect(ready.headers()['cache-control']).toBe('no-store')
})

test('every response carries a request id and the security headers', async ({ request }) => {
  const response = await request.get('/pricing')
  expect(response.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  expect(response.headers()['x-content-type-options']).toBe('nosniff')
  expect(response.headers()['x-frame-options']).toBe('DENY')
  expect(response.headers()['x-powered-by']).toBeUndefined()

  const traced = await request.get('/api/healthz', { headers: { 'x-request-id': 'upstream-lb-0001' } })
  expect(traced.headers()['x-request-id']).toBe('upstream-lb-0001')
})
