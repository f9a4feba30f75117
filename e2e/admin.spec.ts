// The super-admin console in the browser, on a fleet of 10,000 seeded tenants (SEED_FLEET_SIZE in
// playwright.config.ts): TOTP sign-in, one tenant found by search, suspended and resumed (the
// dry-run cluster runs the workflows to the end), both audit entries seen; read-only mode
// refusing a write and break-glass letting it through, audited; axe finds no serious violation;
// a tenant admin gets 404 from the console's pages and from its actions called directly.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { signInAsSuperAdmin } from './admin-session'
import { signUpWithOrganization } from './fixtures'

test.describe.configure({ mode: 'serial' })

async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
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

test('a tenant admin gets 404 from the console pages and from its actions called directly', async ({ playwright, baseURL }) => {
  const owner = await signUpWithOrganization(playwright, baseURL!, 'not-admin')
  const tenantId = tenantUrl.split('/').pop()!
  for (const url of ['/admin', '/admin/tenants', `/admin/tenants/${tenantId}`, '/admin/audit', '/admin/jobs', '/admin/settings']) {
    expect((await owner.request.get(url, { maxRedirects: 0 })).status(), url).toBe(404)
  }
  for (const action of ['suspend', 'resume', 'plan', 'retry', 'deprovision', 'trial', 'resend']) {
    const response = await owner.request.post(`/api/admin/tenants/${tenantId}/${action}`, { data: { reason: 'I am not an admin', toPlanId: 'pro', days: 5, confirmation: 'x', outboxId: 'x' } })
    expect(response.status(), action).toBe(404)
  }
  for (const url of ['/api/admin/read-only', '/api/admin/break-glass']) expect((await owner.request.post(url, { data: { enabled: true, reason: 'takeover', minutes: 5 } })).status(), url).toBe(404)
  expect((await owner.request.get('/api/admin/audit/export')).status()).toBe(404)
  await owner.request.dispose()
})
