// Billing in the browser against the Stripe test server (e2e/stripe): sign up for pro → the
// hosted-checkout stand-in → signed webhooks → provisioning → the dashboard shows pro and the
// trial end; the customer portal; an upgrade; a failed payment shows the banner and emails the
// owner; moving the billing clock past the grace period (one day in the browser tests'
// configuration) suspends the instance, and a payment resumes it.
import fs from 'node:fs'
import path from 'node:path'
import { chooseApp, linkFromMailbox } from './fixtures'
import { expect, test, type Page } from '@playwright/test'
import { signInAsSuperAdmin } from './admin-session'

const appPort = Number(process.env.E2E_PORT ?? 3100)
const stripeUrl = `http://127.0.0.1:${Number(process.env.E2E_STRIPE_PORT ?? appPort + 11)}`
// The DNS test server's control port (e2e/dns/serve.ts): a record published there is what the app's resolver sees.
const dnsControlUrl = `http://127.0.0.1:${Number(process.env.E2E_DNS_CONTROL_PORT ?? appPort + 13)}/records`
// The server's CLOCK_FILE (playwright.config.ts): seconds added to the billing clock, re-read when it changes.
const clockFile = path.resolve(process.env.E2E_CLOCK_FILE ?? '.test-output/e2e-clock-offset')
const moveBillingClock = (seconds: number) => fs.writeFileSync(clockFile, `${seconds}\n`)

async function instanceState(page: Page, slug: string): Promise<string> {
  await page.goto(`/${slug}`)
  return (
    (await page
      .getByRole('region', { name: `Instance ${slug}` })
      .getByTestId('instance-state')
      .textContent()) ?? ''
  ).trim()
}

test.afterEach(() => moveBillingClock(0))

test('pro through Stripe Checkout: trial, provisioning, portal, upgrade, dunning and recovery', async ({
  page,
  request,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000)
  const stamp = Date.now().toString(36)
  const orgName = `Paying Co ${stamp}`
  const slug = `paying-co-${stamp}`
  const email = `pat-${stamp}@example.test`

  await page.goto('/signup')
  await page.getByLabel('Your name').fill('Pat Payer')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('A-Strong-Passphrase-91')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText(`We sent an email to ${email}.`)
  // the account is made (and this browser signed in) by the link of the email
  await page.goto(await linkFromMailbox(playwright, baseURL!, { to: email, template: 'verify-email', route: 'verify' }))
  await expect(page.getByRole('main').getByRole('status')).toContainText('verified')
  await page.goto('/signup/organization')
  await chooseApp(page)
  await page.getByLabel('Organization name').fill(orgName)
  await expect(page.getByRole('status').filter({ hasText: `${slug}.tenants.localhost is available` })).toBeVisible()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/plan$/)
  await page
    .locator('label')
    .filter({ has: page.locator('input[value="pro"]') })
    .click()
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

  // a custom domain, included in the plan: refused under our own domain, then served on the customer's
  const domain = `shop-${stamp}.example.com`
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByTestId('domain-fee')).toHaveText('Included in the Enterprise plan.')
  const domainForm = page.getByRole('form', { name: 'Custom domain' })
  await domainForm.getByLabel('Domain').fill('shop.tenants.localhost')
  await domainForm.getByRole('button', { name: 'Save domain' }).click()
  await expect(domainForm.getByText('Addresses under tenants.localhost are ours; enter a domain you own')).toBeVisible()
  await domainForm.getByLabel('Domain').fill(domain.toUpperCase())
  await domainForm.getByRole('button', { name: 'Save domain' }).click()
  await expect(domainForm.getByText(`Saved. Publish the DNS record below for ${domain}, then verify it.`)).toBeVisible()
  // not served before it is proved: verifying without the record is refused
  const verify = page.getByRole('form', { name: 'Verify custom domain' })
  await verify.getByRole('button', { name: 'Verify now' }).click()
  await expect(verify.getByRole('alert')).toBeVisible()
  // the customer publishes the TXT record the page shows, at their DNS host, and verifies
  const txt = page.getByTestId('dns-record-txt')
  const [name, value] = [(await txt.locator('td').nth(1).textContent())!.trim(), (await txt.locator('td').nth(2).textContent())!.trim()]
  const published = await request.post(dnsControlUrl, { data: { name: name.replace(/\.$/, ''), type: 'TXT', value } })
  expect(published.status(), await published.text()).toBe(204)
  await verify.getByRole('button', { name: 'Verify now' }).click()
  await expect(page.getByText(`Verified. The instance is being updated to answer on ${domain}.`)).toBeVisible()
  await expect
    .poll(
      async () => {
        await page.goto(`/${slug}`)
        return page
          .getByRole('region', { name: `Instance ${slug}` })
          .getByRole('heading', { level: 2 })
          .textContent()
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe(`https://${domain}`)
  expect(await instanceState(page, slug)).toBe('active')

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

  // the owner got one email about it (the dev mailbox, read by the super-admin)
  const admin = await (await browser.newContext()).newPage()
  await signInAsSuperAdmin(admin)
  await admin.goto('/admin/mailbox')
  const mail = admin.getByRole('row').filter({ hasText: email }).filter({ hasText: 'payment-failed' })
  await expect(mail).toHaveCount(1, { timeout: 15_000 })
  await mail.getByRole('link').click()
  await expect(admin.getByTestId('mail-text')).toContainText('$999.00')
  await expect(admin.getByTestId('mail-text')).toContainText(`/${slug}/billing`)
  await admin.context().close()

  // within the grace period (until tomorrow) the instance keeps running; a day and an hour later it is suspended
  const graceEnd = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
  await expect(page.getByTestId('dunning-banner')).toContainText(`before ${graceEnd} to keep the instance running`)
  expect(await instanceState(page, slug)).toBe('active')
  moveBillingClock(25 * 3600)
  await expect.poll(() => instanceState(page, slug), { timeout: 150_000, intervals: [3_000] }).toBe('suspended')
  await expect(page.getByTestId('dunning-banner')).toContainText('overdue and the instance is suspended')
  moveBillingClock(0)

  // payment resumes the instance and the banner goes
  const paid = await request.post(`${stripeUrl}/_test/by-name/${encodeURIComponent(orgName)}/pay`)
  expect(paid.status(), await paid.text()).toBe(200)
  await expect.poll(() => instanceState(page, slug), { timeout: 120_000, intervals: [2_000] }).toBe('active')
  await expect(page.getByTestId('dunning-banner')).toHaveCount(0)
})
