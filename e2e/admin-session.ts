// The seeded super-admin in the browser, through TOTP: enrols on the first sign-in of a data
// directory (and keeps the key beside the demo logins), verifies a code on later ones.
import fs from 'node:fs'
import path from 'node:path'
import { expect, type Page } from '@playwright/test'
import { demoLogin, signIn, totpCode } from './fixtures'

const secretFile = () => path.join(process.env.E2E_DATA_DIR ?? path.resolve('.test-output/e2e-data'), 'admin-totp-secret.txt')

/** Called by whichever spec enrols the super-admin, so the others can sign in after it. */
export function rememberAdminTotpSecret(secret: string) {
  fs.writeFileSync(secretFile(), secret, { mode: 0o600 })
}

export async function signInAsSuperAdmin(page: Page) {
  const login = demoLogin()
  await signIn(page, login.adminEmail, login.adminPassword)
  await expect(page).toHaveURL(/\/mfa$/)
  const enrol = page.getByRole('heading', { name: 'Set up two-factor authentication' })
  const verify = page.getByLabel('Authentication code or recovery code')
  await expect(enrol.or(verify)).toBeVisible()
  if (await enrol.isVisible()) {
    await page.getByText("Can't scan? Enter this key instead").click()
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
    rememberAdminTotpSecret(secret)
    await page.getByLabel('Code from your app').fill(await totpCode(secret))
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
    await page.getByRole('button', { name: 'I saved them — continue' }).click()
  } else {
    await verify.fill(await totpCode(fs.readFileSync(secretFile(), 'utf8').trim()))
    await page.getByRole('button', { name: 'Verify' }).click()
  }
  await expect(page.getByRole('heading', { name: 'Fleet' })).toBeVisible()
}
