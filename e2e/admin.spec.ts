// The super-admin console in the browser, on a fleet of 10,000 seeded tenants (SEED_FLEET_SIZE in
// playwright.config.ts): TOTP sign-in, one tenant found by search, suspended and resumed (the
// dry-run cluster runs the workflows to the end), both audit entries seen; read-only mode
// refusing a write and break-glass letting it through, audited; axe finds no serious violation on
// the pages (jobs included) nor in any action's dialog, and every dialog works with the keyboard;
// a tenant admin gets 404 from the console's pages and downloads (its actions: isolation-actions.spec.ts).
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { signInAsSuperAdmin } from './admin-session'
import { signUpWithOrganization } from './fixtures'

test.describe.configure({ mode: 'serial' })

/** axe on the page, or only on the part that `include` selects (an open dialog: 'dialog[open]'). */
async function expectNoSeriousA11yViolations(page: Page, include?: string) {
  const builder = new AxeBuilder({ page })
  if (include) builder.include(include)
  const { violations } = await builder.analyze()
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
}

/** Opens the action's dialog, gives the reason (and fields), confirms. */
async function act(page: Page, button: string, reason: string, fields: Record<string, string> = {}) {
  await page.getByRole('button', { name: button, exact: true }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toBeVisible()
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value)
  await dialog.getByLabel('Reason (kept in the audit log)').fill(reason)
  await dialog.getByRole('button', { name: button, exact: true }).click()
  return dialog
}

/** Presses Tab until `target` has the focus (it is in the tab order), from wherever the focus is. */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement)) return
  }
  throw new Error(`${target} was not reached with ${max} presses of Tab`)
}

/**
 * One action's dialog, with the keyboard only and left without acting: Tab reaches the button and
 * Enter opens the dialog; the focus is inside it; the reason field is labelled; axe finds no
 * serious violation in it; confirming without a reason is refused in the dialog, on the reason
 * field; Escape closes it and the focus is back on the button.
 */
async function checkActionDialog(
  page: Page,
  action: { button: string; title: string | RegExp; confirm: string; within?: Locator; fields?: string[] },
) {
  const opener = (action.within ?? page).getByRole('button', { name: action.button, exact: true })
  await expect(opener).toBeEnabled()
  await page.getByRole('link', { name: '← Tenants' }).focus()
  await tabTo(page, opener)
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: action.title })
  await expect(dialog).toBeVisible()
  await expect
    .poll(() => dialog.evaluate((d) => d.contains(document.activeElement)), { message: 'the focus moves into the dialog' })
    .toBe(true)
  const reason = dialog.getByRole('textbox', { name: 'Reason (kept in the audit log)' })
  await expect(reason).toBeVisible()
  await expect(reason).toHaveValue('')
  for (const label of action.fields ?? []) await expect(dialog.getByLabel(label, { exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'dialog[open]')

  const confirm = dialog.getByRole('button', { name: action.confirm, exact: true })
  if (await confirm.isEnabled()) {
    await confirm.focus()
    await page.keyboard.press('Enter')
    await expect(dialog).toBeVisible()
    await expect(reason).toHaveAttribute('aria-invalid', 'true')
    await expect(reason).toHaveAccessibleDescription(/Give a reason/)
    await expectNoSeriousA11yViolations(page, 'dialog[open]') // with the error shown
  }

  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(opener).toBeFocused()
}

async function openTenant(page: Page, search: string, slug: string) {
  await page.goto(`/admin/tenants?q=${encodeURIComponent(search)}`)
  await page.getByRole('row').filter({ hasText: slug }).getByRole('link').first().click()
  await expect(page).toHaveURL(/\/admin\/tenants\/[^/?]+$/, { timeout: 15_000 })
  await expect(page.getByRole('heading', { name: 'Actions' })).toBeVisible()
}

async function waitForState(page: Page, state: string) {
  await expect(async () => {
    await page.reload()
    await expect(page.getByRole('heading', { level: 1 }).locator('..').getByText(state, { exact: true })).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 60_000 })
}

let tenantUrl = ''

test('a super-admin finds one tenant among 10,000 by search, suspends and resumes it, and sees both audit entries', async ({ page }) => {
  test.setTimeout(180_000)
  await signInAsSuperAdmin(page)
  await expect(page.getByText('MRR', { exact: true })).toBeVisible() // the fleet overview
  await expectNoSeriousA11yViolations(page)

  await page.goto('/admin/tenants')
  await expect(page.getByText(/^10,0\d\d tenants/)).toBeVisible({ timeout: 15_000 }) // the fleet and the demo tenants
  await expectNoSeriousA11yViolations(page)

  // keyboard only: focus the search box, type, Enter
  await page.getByLabel('Search').focus()
  await page.keyboard.type('owner-004242@fleet.test')
  await page.keyboard.press('Enter')
  await expect(page.getByText(/^1 tenant · page 1 of 1$/)).toBeVisible({ timeout: 15_000 })
  const row = page.getByRole('row').filter({ hasText: 'fleet-004242' })
  await expect(row).toContainText('owner-004242@fleet.test')
  await expect(row).toContainText('active')
  await row.getByRole('link').click()
  await expect(page).toHaveURL(/\/admin\/tenants\/fleet-tenant-004242$/, { timeout: 15_000 })
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/ 4242$/)
  tenantUrl = page.url()
  await expectNoSeriousA11yViolations(page)

  // a reason is required
  await page.getByRole('button', { name: 'Suspend', exact: true }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Suspend' }).click()
  await expect(page.getByRole('dialog')).toContainText('Give a reason')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()

  await act(page, 'Suspend', 'Abuse report #4242')
  await waitForState(page, 'suspended')
  await act(page, 'Resume', 'Abuse report closed')
  await waitForState(page, 'active')

  const audit = page.getByRole('region', { name: 'Audit log' })
  await expect(audit.locator('[data-audit-action="admin.tenant.suspend"]')).toContainText('Abuse report #4242')
  await expect(audit.locator('[data-audit-action="admin.tenant.resume"]')).toContainText('Abuse report closed')
  await expect(audit.locator('[data-audit-action="tenant.suspended"]')).toHaveCount(1) // the workflow's own entry
  await expect(audit.locator('[data-audit-action="tenant.resumed"]')).toHaveCount(1)

  // the audit log viewer finds them too, and exports them
  await page.goto('/admin/audit')
  await page.getByLabel('Action starts with').fill('admin.tenant.')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page.locator('[data-audit-action="admin.tenant.suspend"]').first()).toBeVisible()
  await expect(page.locator('[data-audit-action="admin.tenant.resume"]').first()).toBeVisible()
  const csv = await page.request.get('/api/admin/audit/export?action=admin.tenant.')
  expect(csv.status()).toBe(200)
  expect(await csv.text()).toContain('Abuse report #4242')
  await expectNoSeriousA11yViolations(page)
})

test('read-only mode refuses a write with a clear message; break-glass lets it through, audited', async ({ page }) => {
  test.setTimeout(180_000)
  await signInAsSuperAdmin(page)
  await page.goto('/admin/settings')
  await expect(page.getByTestId('read-only-state')).toContainText('Off')
  await expect(page.getByRole('table', { name: 'Configuration variables' })).toContainText('AUTH_SECRET')
  await expect(page.getByRole('table', { name: 'Configuration variables' })).not.toContainText('development-only-secret')
  await expectNoSeriousA11yViolations(page)
  await act(page, 'Enter read-only mode', 'Incident 7: database failover')
  await expect(page.getByTestId('read-only-state')).toContainText('Incident 7')

  await page.goto(tenantUrl)
  await expect(page.getByRole('status').filter({ hasText: 'Read-only mode' })).toBeVisible()
  const refused = await act(page, 'Suspend', 'Needs to stop now')
  await expect(refused.getByRole('alert')).toContainText('read-only (Incident 7: database failover)')
  await page.keyboard.press('Escape')

  await page.goto('/admin/settings')
  await act(page, 'Break glass', 'Customer data leak, stop the instance', { Minutes: '5' })
  await page.goto(tenantUrl)
  await act(page, 'Suspend', 'Needs to stop now')
  await waitForState(page, 'suspended')
  const audit = page.getByRole('region', { name: 'Audit log' })
  await expect(audit.locator('[data-audit-action="admin.tenant.suspend"]').first()).toContainText('Needs to stop now')

  await page.goto('/admin/audit?action=admin.break_glass.')
  await expect(page.locator('[data-audit-action="admin.break_glass.issued"]')).toContainText('Customer data leak')
  await expect(page.locator('[data-audit-action="admin.break_glass.used"]')).toHaveCount(1)
  await expect(page.locator('[data-audit-action="admin.break_glass.used"]')).toContainText('tenant.suspend')

  // leave read-only mode (always allowed) and resume, for whoever runs next
  await page.goto('/admin/settings')
  await page.getByRole('button', { name: 'End break-glass' }).click()
  await act(page, 'Leave read-only mode', 'Incident 7 over')
  await expect(page.getByTestId('read-only-state')).toContainText('Off')
  await page.goto(tenantUrl)
  await act(page, 'Resume', 'Leak contained')
  await waitForState(page, 'active')
})

test('the jobs page and every action dialog: axe, and keyboard use of the dialogs', async ({ page, playwright, baseURL }) => {
  test.setTimeout(180_000)
  // a tenant whose owner was sent an email (the address check), for "Resend an email"
  const owner = await signUpWithOrganization(playwright, baseURL!, 'resend')
  await owner.request.dispose()
  await signInAsSuperAdmin(page)

  await page.goto('/admin/jobs')
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // the fleet (prisma/seed-fleet.ts): 000010 active and trialing, 000204 failed
  await page.goto('/admin/tenants/fleet-tenant-000010')
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('active')
  await checkActionDialog(page, { button: 'Suspend', title: 'Suspend fleet-000010?', confirm: 'Suspend' })
  await checkActionDialog(page, {
    button: 'Change plan',
    title: 'Change the plan of fleet-000010',
    confirm: 'Change plan',
    fields: ['New plan'],
  })
  await checkActionDialog(page, { button: 'Extend trial', title: 'Extend the trial', confirm: 'Extend', fields: ['Days to add'] })
  await checkActionDialog(page, {
    button: 'Deprovision',
    title: 'Deprovision fleet-000010?',
    confirm: 'Deprovision',
    fields: ['Type fleet-000010 to confirm'],
  })

  await page.goto('/admin/tenants/fleet-tenant-000204')
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('failed')
  await checkActionDialog(page, { button: 'Retry provisioning', title: 'Retry the failed provisioning', confirm: 'Retry' })

  // the demo tenant Initech (prisma/seed.ts): suspended, one open invoice
  await openTenant(page, 'initech', 'initech')
  const invoices = page.getByRole('region', { name: 'Invoices' })
  await checkActionDialog(page, { button: 'Resume', title: 'Resume initech?', confirm: 'Resume' })
  await checkActionDialog(page, { button: 'Mark paid', title: /^Mark INV-INITECH-\d{6} paid$/, confirm: 'Mark paid', within: invoices })

  await openTenant(page, owner.slug, owner.slug)
  await expect(async () => {
    await page.reload()
    await expect(page.getByRole('button', { name: 'Resend an email', exact: true })).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await checkActionDialog(page, { button: 'Resend an email', title: 'Resend an email', confirm: 'Resend', fields: ['Email'] })
})

test('the Apps page shows each app with its versions, plans and tenants; the tenants table filters by app', async ({ page }) => {
  test.setTimeout(120_000)
  await signInAsSuperAdmin(page)
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Apps', exact: true }).click()
  await expect(page).toHaveURL(/\/admin\/apps$/, { timeout: 15_000 })
  await expect(page.getByRole('heading', { level: 1, name: 'Apps' })).toBeVisible()
  const generic = page.getByRole('region', { name: 'Generic app' })
  await expect(generic).toContainText('charts/tenant-instance')
  await expect(generic.getByRole('table', { name: 'Versions of Generic app' }).locator('[data-default-version="true"]')).toHaveCount(1)
  await expect(generic.getByRole('table', { name: 'Plans of Generic app' })).toContainText('enterprise')
  await expect(generic.getByRole('table', { name: 'Tenants of Generic app per app version' })).toBeVisible()
  const tenantsLink = generic.getByTestId('app-tenants').getByRole('link')
  await expect(tenantsLink).toHaveText(/^\d{1,3}(,\d{3})+ tenants$/) // the seeded fleet is generic's
  await expectNoSeriousA11yViolations(page)

  await tenantsLink.click()
  await expect(page).toHaveURL(/\/admin\/tenants\?app=generic$/, { timeout: 15_000 })
  const appSelect = page.getByLabel('App', { exact: true })
  await expect(appSelect).toHaveValue('generic')
  // the pages and the sort keep the filter
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next →' })).toHaveAttribute(
    'href',
    /[?&]app=generic(&|$)/,
  )
  await expect(page.getByRole('link', { name: /^Slug/ })).toHaveAttribute('href', /[?&]app=generic(&|$)/)
  await expectNoSeriousA11yViolations(page)

  // one fleet tenant: found with its app, not with another app of the catalog (issue 15 ships five)
  await page.getByLabel('Search').fill('fleet-004242')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByText(/^1 tenant · page 1 of 1$/)).toBeVisible({ timeout: 15_000 })
  await expect(page.getByRole('row').filter({ hasText: 'fleet-004242' })).toContainText('generic')
  const others = (await appSelect.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).filter(
    (v) => v !== '' && v !== 'generic',
  )
  expect(others.length).toBeGreaterThan(0)
  await appSelect.selectOption(others[0]!)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]app=${others[0]}(&|$)`), { timeout: 15_000 })
  await expect(page.getByText(/^0 tenants$/)).toBeVisible()
  await expect(page.getByLabel('Search')).toHaveValue('fleet-004242')

  // an app the catalog does not have is refused on the page, not ignored
  await page.goto('/admin/tenants?app=no-such-app')
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Unknown app "no-such-app" (known: generic')
  await expect(page.getByRole('table')).toHaveCount(0)
})

test('a tenant admin gets 404 from the console pages and from its downloads', async ({ playwright, baseURL }) => {
  const owner = await signUpWithOrganization(playwright, baseURL!, 'not-admin')
  const tenantId = tenantUrl.split('/').pop()!
  for (const url of [
    '/admin',
    '/admin/tenants',
    `/admin/tenants/${tenantId}`,
    '/admin/apps',
    '/admin/audit',
    '/admin/jobs',
    '/admin/settings',
  ]) {
    expect((await owner.request.get(url, { maxRedirects: 0 })).status(), url).toBe(404)
  }
  // The console's writes are server actions: e2e/isolation-actions.spec.ts calls every one of them
  // as a tenant user and as a visitor (NOT_FOUND for both). Its downloads are routes:
  for (const url of ['/api/admin/audit/export', '/api/admin/invoices/export'])
    expect((await owner.request.get(url)).status(), url).toBe(404)
  await owner.request.dispose()
})
