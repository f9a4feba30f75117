import { expect, test, type Browser, type Page } from '@playwright/test'
import { rememberAdminTotpSecret } from './admin-session'
import { demoLogin, expectNotFound, signIn, totpCode } from './fixtures'
import { submitPageForm } from './forms'

test.describe.configure({ mode: 'serial' })

let secret = ''

interface MailWanted {
  to: string
  template: string
  route: string
}

/**
 * As the super-admin (a new TOTP session), open the newest email to each `to` from `template` and return the paths of their `route` links.
 */
async function linksFromMailbox(browser: Browser, wanted: MailWanted[]): Promise<string[]> {
  const admin = await browser.newPage()
  const login = demoLogin()
  await signIn(admin, login.adminEmail, login.adminPassword)
  await admin.getByLabel('Authentication code or recovery code').fill(await totpCode(secret))
  await admin.getByRole('button', { name: 'Verify' }).click()
  const links: string[] = []
  for (const { to, template, route } of wanted) {
    await admin.goto('/admin/mailbox')
    const row = admin.getByRole('row').filter({ hasText: to }).filter({ hasText: template })
    await expect(row).toHaveCount(1, { timeout: 15_000 }) // written by the background job
    await row.getByRole('link').click()
    const text = await admin.getByTestId('mail-text').textContent()
    const link = new RegExp(`https?://\\S+/${route}\\?token=[\\w-]+`).exec(text ?? '')?.[0]
    expect(link, text ?? '').toBeTruthy()
    links.push(new URL(link!).pathname + new URL(link!).search)
  }
  await admin.close()
  return links
}

async function linkFromMailbox(browser: Browser, to: string, template: string, route: string): Promise<string> {
  return (await linksFromMailbox(browser, [{ to, template, route }]))[0]!
}

/** A new visitor opens an invitation link, creates an account with the invited address and joins. */
async function acceptAsNewUser(browser: Browser, link: string, orgName: string, name: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(link)
  await expect(page.getByRole('heading', { name: `Join ${orgName}` })).toBeVisible()
  await page.getByRole('link', { name: 'Create an account' }).click()
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('Invited-And-Happy-58')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/invite\?token=/)
  await page.getByRole('button', { name: `Join ${orgName}` }).click()
  return page
}

test('a super-admin must enrol TOTP before the console answers, then reads the mailbox', async ({ page }) => {
  const login = demoLogin()
  await signIn(page, login.adminEmail, login.adminPassword)
  await expect(page).toHaveURL(/\/mfa$/)
  await expect(page.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible()
  await expect(page.getByAltText('QR code for your authenticator app')).toBeVisible()

  await page.getByText("Can't scan? Enter this key instead").click()
  secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  rememberAdminTotpSecret(secret) // for the admin console's spec (e2e/admin-session.ts)

  await page.getByLabel('Code from your app').fill('000000')
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toContainText('not valid')

  await page.getByLabel('Code from your app').fill(await totpCode(secret))
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10)
  await page.getByRole('button', { name: 'I saved them — continue' }).click()
  await expect(page.getByRole('heading', { name: 'Fleet' })).toBeVisible()

  await page.getByRole('link', { name: 'Mailbox' }).first().click()
  await expect(page.getByRole('heading', { name: 'Mailbox' })).toBeVisible()
})

test('a new session of the same super-admin asks for the code again', async ({ page }) => {
  test.setTimeout(60_000) // may wait for the next 30-second TOTP step
  const login = demoLogin()
  await signIn(page, login.adminEmail, login.adminPassword)
  await expect(page).toHaveURL(/\/mfa$/)
  expect((await page.goto('/admin'))?.url()).toMatch(/\/mfa$/) // the console redirects until verified
  await page.getByLabel('Authentication code or recovery code').fill(await totpCode(secret))
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('heading', { name: 'Fleet' })).toBeVisible()
})

test('everyone else gets 404 from the console and the MFA routes', async ({ page }) => {
  for (const url of ['/admin', '/admin/mailbox', '/admin/mailbox/anything']) await expectNotFound(page, url) // signed out
  await signIn(page, 'alice@acme.test', demoLogin().demoPassword) // a tenant owner
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
  for (const url of ['/admin', '/admin/mailbox', '/mfa']) await expectNotFound(page, url)
  // The MFA forms' actions answer NOT_FOUND to them too (app/_actions/auth/mfa.int.test.ts); the routes are gone.
  // and a cross-site post of the 'Sign out everywhere' form is refused before anything else: still signed in
  const forged = await submitPageForm(page.request, '/acme/settings', 'Sign out everywhere', {}, { origin: 'https://evil.example' })
  expect(new URL(forged.url()).pathname).not.toBe('/signin')
  expect((await page.goto('/acme/settings'))?.url()).toMatch(/\/acme\/settings$/)
})

test('sign-in failures say the same thing whether or not the account exists', async ({ page }) => {
  await page.goto('/signin')
  await expect(page.getByRole('link', { name: /^Continue with/ })).toHaveCount(0) // no OAuth provider is configured in this run
  await signIn(page, 'alice@acme.test', 'wrong-password-123')
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
  await signIn(page, 'nobody-here@acme.test', 'wrong-password-123')
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
})

test('password reset end to end: request, the email in the mailbox, a new password, the old one refused', async ({ page, browser }) => {
  test.setTimeout(90_000)
  const login = demoLogin()
  await page.goto('/forgot-password')
  await page.getByLabel('Email').fill('gary@globex.test')
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText('If an account exists')

  // the super-admin finds the email in the dev mailbox
  const link = await linkFromMailbox(browser, 'gary@globex.test', 'password-reset', 'reset-password')

  await page.goto(link)
  await page.getByLabel('New password').fill('password')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toContainText(/common/i) // a common password is refused, on its field
  await page.getByLabel('New password').fill('Correct-Horse-Battery-42')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText('password was changed')

  await signIn(page, 'gary@globex.test', login.demoPassword)
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
  await signIn(page, 'gary@globex.test', 'Correct-Horse-Battery-42')
  await expect(page).toHaveURL(/\/globex$/)
  await expect(page.getByRole('heading', { name: 'Globex Labs' })).toBeVisible()

  // the link works once
  await page.goto(link)
  await page.getByLabel('New password').fill('Another-Strong-Pass-77')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toContainText('invalid, expired or already used')
})

test('sign-up sends a verification email; its link verifies the address once', async ({ page, browser }) => {
  test.setTimeout(90_000)
  const email = `vera-${Date.now().toString(36)}@example.test`
  await page.goto('/signup')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('Verify-Me-Please-73')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText(`We sent an email to ${email}.`)

  const link = await linkFromMailbox(browser, email, 'verify-email', 'verify')

  const path = link
  await page.goto(path)
  await expect(page.getByRole('main').getByRole('status')).toContainText('verified')
  await page.goto(path)
  await expect(page.getByRole('main').getByRole('alert')).toContainText('invalid, expired or already used')
})

test('invite a member who accepts and sees the organization', async ({ page, browser }) => {
  test.setTimeout(120_000)
  const login = demoLogin()
  const email = `ivan-${Date.now().toString(36)}@example.test`
  await signIn(page, 'alice@acme.test', login.demoPassword)
  await expect(page).toHaveURL(/\/acme$/)
  await page.getByRole('link', { name: 'Members' }).click()
  const invite = page.getByRole('form', { name: 'Invite a member' })
  await invite.getByLabel('Email address').fill('alice@acme.test')
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  await expect(invite.getByRole('alert')).toBeVisible() // already a member
  await invite.getByLabel('Email address').fill(email)
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  await expect(invite.getByRole('status')).toContainText(`Invitation sent to ${email}`)

  const link = await linkFromMailbox(browser, email, 'invitation', 'invite')

  const invitee = await acceptAsNewUser(browser, link, 'Acme Analytics', 'Ivan Invitee', email)
  await expect(invitee).toHaveURL(/\/acme$/)
  await expect(invitee.getByRole('heading', { name: 'Acme Analytics' })).toBeVisible()
  await invitee.getByRole('link', { name: 'Members' }).click()
  await expect(invitee.getByRole('row').filter({ hasText: email })).toContainText('Member')
})

test('owners change roles and remove members, a member leaves, and the last owner can neither step down nor leave', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000)
  const login = demoLogin()
  const stamp = Date.now().toString(36)
  const [mia, max] = [`mia-${stamp}@example.test`, `max-${stamp}@example.test`]
  await signIn(page, 'alice@acme.test', login.demoPassword)
  await expect(page).toHaveURL(/\/acme$/)
  await page.goto('/acme/members')
  const invite = page.getByRole('form', { name: 'Invite a member' })
  for (const email of [mia, max]) {
    await invite.getByLabel('Email address').fill(email)
    await invite.getByRole('button', { name: 'Send invitation' }).click()
    await expect(invite.getByRole('status')).toContainText(`Invitation sent to ${email}`)
  }
  const [miaLink, maxLink] = await linksFromMailbox(
    browser,
    [mia, max].map((to) => ({ to, template: 'invitation', route: 'invite' })),
  )
  const miaPage = await acceptAsNewUser(browser, miaLink!, 'Acme Analytics', 'Mia Member', mia)
  await expect(miaPage).toHaveURL(/\/acme$/)
  const maxPage = await acceptAsNewUser(browser, maxLink!, 'Acme Analytics', 'Max Member', max)
  await expect(maxPage).toHaveURL(/\/acme$/)

  await page.reload()
  const dialog = page.getByRole('dialog')
  // a role change asks first; Cancel changes nothing
  await page.getByLabel(`Role of ${mia}`).selectOption('ADMIN')
  await expect(dialog).toContainText('Change the role of Mia Member?')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByLabel(`Role of ${mia}`)).toHaveValue('MEMBER')
  // confirmed, it sticks (and survives a reload)
  await page.getByLabel(`Role of ${mia}`).selectOption('ADMIN')
  await dialog.getByRole('button', { name: 'Change role' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Mia Member is now an admin.')
  await page.reload()
  await expect(page.getByLabel(`Role of ${mia}`)).toHaveValue('ADMIN')

  // removal asks first, then the row is gone and Max is out
  await page.getByRole('button', { name: `Remove ${max}` }).click()
  await expect(dialog).toContainText('Remove Max Member?')
  await dialog.getByRole('button', { name: 'Remove member' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Max Member was removed from Acme Analytics.')
  await expect(page.getByRole('row').filter({ hasText: max })).toHaveCount(0)
  await expectNotFound(maxPage, '/acme')

  // the last owner: demotion and leaving are refused with the reason, nothing changes
  await page.getByLabel('Role of alice@acme.test').selectOption('MEMBER')
  await dialog.getByRole('button', { name: 'Change role' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'An organization needs at least one owner: make another member an owner first',
  )
  await expect(page.getByLabel('Role of alice@acme.test')).toHaveValue('OWNER')
  await page.getByRole('button', { name: 'Leave organization' }).click()
  await dialog.getByRole('button', { name: 'Leave organization' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'You are the last owner: make another member an owner before leaving, or delete the organization',
  )
  await page.reload()
  await expect(page.getByLabel('Role of alice@acme.test')).toHaveValue('OWNER')

  // Mia, now an admin, leaves on her own and loses access
  await miaPage.goto('/acme/members')
  await miaPage.getByRole('button', { name: 'Leave organization' }).click()
  await miaPage.getByRole('dialog').getByRole('button', { name: 'Leave organization' }).click()
  await expect(miaPage).toHaveURL(/\/dashboard$/)
  await expectNotFound(miaPage, '/acme/members')
  await page.reload()
  await expect(page.getByRole('row').filter({ hasText: mia })).toHaveCount(0)
})
