// The page forms without JavaScript (the `no-javascript` project of playwright.config.ts): every
// submission is a plain form post to a server action, answered by the page rendered again.
import { expect, test, type Page } from '@playwright/test'
import { signInAsSuperAdmin } from './admin-session'
import { chooseApp, linkFromMailbox } from './fixtures'

test('without JavaScript: sign up to the dashboard on the free plan, rename the organization, invite a member', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const stamp = Date.now().toString(36)
  const slug = `nojs-${stamp}`
  await page.goto('/signup')
  // a refusal comes back on its field, with what was typed kept
  await page.getByLabel('Your name').fill('Nora Nojs')
  await page.getByLabel('Email').fill('not-an-email')
  await page.getByLabel('Password').fill('A-Strong-Passphrase-91')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Your name')).toHaveValue('Nora Nojs')
  await page.getByLabel('Email').fill(`nora-${stamp}@example.test`)
  await page.getByLabel('Password').fill('A-Strong-Passphrase-91')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText(`We sent an email to nora-${stamp}@example.test.`)
  // the account is made (and this browser signed in) through the link of the email, on the /verify form
  await page.goto(
    await linkFromMailbox(playwright, baseURL!, { to: `nora-${stamp}@example.test`, template: 'verify-email', route: 'verify' }),
  )
  await page.getByRole('button', { name: 'Verify my email address' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText('verified')
  await page.goto('/signup/organization')
  // without JavaScript too: the app's card is a label around a real radio
  await chooseApp(page)

  await page.getByLabel('Organization name').fill(`Nojs Works ${stamp}`)
  await page.getByLabel('Address').fill(slug)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/plan$/)
  // the radio itself is visually hidden inside its card: the card (its label) is what a person clicks
  await page.locator('label', { has: page.getByRole('radio', { name: /^Free/ }) }).click()
  await expect(page.getByRole('radio', { name: /^Free/ })).toBeChecked()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/review$/)
  await page.getByRole('button', { name: 'Create my instance' }).click()
  await expect(page).toHaveURL(new RegExp(`/${slug}/provisioning$`))

  // the progress page refreshes itself without JavaScript and hands over to the dashboard
  await expect(page).toHaveURL(new RegExp(`/${slug}$`), { timeout: 60_000 })
  await expect(page.getByRole('heading', { name: `Nojs Works ${stamp}` })).toBeVisible()
  await expect(page.getByRole('region', { name: `Instance ${slug}` }).getByTestId('instance-state')).toHaveText('active')

  await page.getByRole('link', { name: 'Settings' }).click()
  const rename = page.getByRole('form', { name: 'Rename organization' })
  await rename.getByLabel('Organization name').fill(' ')
  await rename.getByRole('button', { name: 'Save' }).click()
  await expect(rename.getByLabel('Organization name')).toHaveAttribute('aria-invalid', 'true')
  await rename.getByLabel('Organization name').fill(`Nojs Labs ${stamp}`)
  await rename.getByRole('button', { name: 'Save' }).click()
  await expect(rename.getByRole('status')).toHaveText('Saved.')
  // the page came back with the new name everywhere, the header's organization name included
  await expect(page.getByRole('banner')).toContainText(`Nojs Labs ${stamp}`)

  await page.getByRole('link', { name: 'Members' }).click()
  const invite = page.getByRole('form', { name: 'Invite a member' })
  await invite.getByLabel('Email').fill(`colleague-${stamp}@example.test`)
  await invite.getByRole('button', { name: /Invite|Send invitation/ }).click()
  // The address shows twice (the confirmation and the open invitations): the list is the proof.
  await expect(page.getByRole('region', { name: 'Open invitations' }).getByText(`colleague-${stamp}@example.test`)).toBeVisible()
})

/**
 * The state beside the tenant's heading, read again until it is `state` (nothing polls without
 * JavaScript). A fresh GET, not a reload: reloading the page a form post answered posts it again.
 */
async function waitForState(page: Page, state: string) {
  await expect(async () => {
    await page.goto(page.url())
    await expect(page.getByRole('heading', { level: 1 }).locator('..').getByText(state, { exact: true })).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 60_000 })
}

async function act(page: Page, action: 'Suspend' | 'Resume', reason: string) {
  await page.getByRole('button', { name: action, exact: true }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByRole('textbox', { name: 'Reason (kept in the audit log)' }).fill(reason)
  await dialog.getByRole('button', { name: action, exact: true }).click()
}

test('without JavaScript: a super-admin suspends and resumes a tenant from the console', async ({ page }) => {
  test.setTimeout(180_000)
  await signInAsSuperAdmin(page)
  await page.goto('/admin/tenants?q=owner-004300%40fleet.test')
  await page.getByRole('row').filter({ hasText: 'fleet-004300' }).getByRole('link').first().click()
  await expect(page).toHaveURL(/\/admin\/tenants\/fleet-tenant-004300$/)
  await waitForState(page, 'active')

  // a reason is required: the page comes back with the dialog open and the refusal on the reason field
  await page.getByRole('button', { name: 'Suspend', exact: true }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Suspend', exact: true }).click()
  const refused = page.getByRole('dialog', { name: /^Suspend / })
  const reason = refused.getByRole('textbox', { name: 'Reason (kept in the audit log)' })
  await expect(reason).toHaveAttribute('aria-invalid', 'true')
  await expect(reason).toHaveAccessibleDescription(/Give a reason/)
  await reason.fill('No-JavaScript console check')
  await refused.getByRole('button', { name: 'Suspend', exact: true }).click()
  await waitForState(page, 'suspended')
  await act(page, 'Resume', 'No-JavaScript console check done')
  await waitForState(page, 'active')
  await expect(page.locator('[data-audit-action="admin.tenant.suspend"]').first()).toContainText('No-JavaScript console check')
  await expect(page.locator('[data-audit-action="admin.tenant.resume"]').first()).toContainText('No-JavaScript console check done')
})
