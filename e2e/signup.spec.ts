import { expect, test } from '@playwright/test'
import { chooseApp, linkFromMailbox } from './fixtures'

test('a new user completes the wizard on the free plan, watches the progress page and lands on the dashboard', async ({
  page,
  playwright,
  baseURL,
}) => {
  const stamp = Date.now().toString(36)
  await page.goto('/signup')
  await expect(page.getByRole('list', { name: 'Sign-up steps' })).toBeVisible()

  // account: server-side field errors first
  await page.getByLabel('Email').fill('not-an-email')
  await page.getByLabel('Password').fill('password')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('main').getByRole('alert').first()).toBeVisible()
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true')
  // an address with an account gets the answer a new one gets (its owner is emailed instead)
  await page.getByLabel('Email').fill('alice@acme.test')
  await page.getByLabel('Password').fill('A-Strong-Passphrase-91')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText('We sent an email to alice@acme.test.')

  await page.getByLabel('Your name').fill('Nina New')
  await page.getByLabel('Email').fill(`nina-${stamp}@example.test`)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText(`We sent an email to nina-${stamp}@example.test.`)
  // the account exists once the link of the email is followed, in this browser: signed in, the wizard goes on
  await page.goto(
    await linkFromMailbox(playwright, baseURL!, { to: `nina-${stamp}@example.test`, template: 'verify-email', route: 'verify' }),
  )
  await expect(page.getByRole('main').getByRole('status')).toContainText('verified')
  // several apps are sold (as the demo of npm start sells all five): the app comes first
  await page.goto('/signup/organization')
  await expect(page.getByRole('list', { name: 'Sign-up steps' })).toContainText('2. App')
  await chooseApp(page, 'generic')
  await expect(page).toHaveURL(/\/signup\/organization$/)

  // organization: a reserved address is refused, the live check confirms a free one
  await page.getByLabel('Organization name').fill('Admin')
  await expect(page.getByText('This address is reserved')).toBeVisible()
  await page.getByLabel('Organization name').fill(`Nina Works ${stamp}`)
  const slug = `nina-works-${stamp}`
  await expect(page.getByRole('status').filter({ hasText: `${slug}.tenants.localhost is available` })).toBeVisible()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/plan$/)

  // back and forward keep the state; so does a reload
  await page.goBack()
  await expect(page.getByLabel('Organization name')).toHaveValue(`Nina Works ${stamp}`)
  await page.goForward()
  await page
    .locator('label')
    .filter({ has: page.locator('input[value="free"]') })
    .click()
  await expect(page.getByRole('radio', { name: /^Free/ })).toBeChecked()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/review$/)
  await page.reload()
  await expect(page.getByTestId('instance-address')).toHaveText(`https://${slug}.tenants.localhost`)

  // the address was verified by the sign-up's own link: the instance starts at once
  await expect(page.getByText('Verify your email address to start your instance')).toHaveCount(0)

  await page.getByRole('button', { name: 'Create my instance' }).click()
  await expect(page).toHaveURL(new RegExp(`/${slug}/provisioning$`))
  await expect(page.getByRole('heading', { name: 'Your instance' })).toBeVisible()
  // the steps appear live (dry-run cluster here: everything runs, nothing is applied), then the
  // page hands over to the dashboard
  const steps = page.getByRole('list', { name: 'Provisioning steps' })
  await expect(steps.locator('[data-step="guardrails"]')).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 60_000 })
  await expect(page.getByText(/Dry-run cluster: every step ran/)).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`/${slug}$`), { timeout: 60_000 })

  // the dashboard shows the new organization with its ready instance and its admin login, once
  await expect(page.getByRole('heading', { name: `Nina Works ${stamp}` })).toBeVisible()
  const instance = page.getByRole('region', { name: `Instance ${slug}` })
  await expect(instance.getByTestId('instance-state')).toHaveText('active')
  await instance.getByRole('button', { name: 'Show the admin login (once)' }).click()
  await expect(instance.getByTestId('admin-email')).toHaveText(`nina-${stamp}@example.test`)
  await expect(instance.getByTestId('admin-password')).not.toBeEmpty()
  await page.reload()
  await expect(instance.getByRole('button', { name: 'Show the admin login (once)' })).toHaveCount(0)
  const yaml = await page.request.get(`/api/orgs/${slug}/instance/manifests`)
  expect(yaml.status()).toBe(200)
  expect(await yaml.text()).toContain(`name: tenant-${slug}`)

  // settings: rename, delete with typed confirmation, undo, sign out everywhere
  await page.getByRole('link', { name: 'Settings' }).click()
  const rename = page.getByRole('form', { name: 'Rename organization' })
  await rename.getByLabel('Organization name').fill(' ')
  await rename.getByRole('button', { name: 'Save' }).click()
  await expect(rename.getByLabel('Organization name')).toHaveAttribute('aria-invalid', 'true')
  await rename.getByLabel('Organization name').fill(`Nina Labs ${stamp}`)
  await rename.getByRole('button', { name: 'Save' }).click()
  await expect(rename.getByRole('status')).toHaveText('Saved.')

  const deletion = page.getByRole('form', { name: 'Delete organization' })
  await deletion.getByLabel(`Type ${slug} to confirm`).fill('nope')
  await deletion.getByRole('button', { name: 'Delete organization' }).click()
  await expect(deletion.getByRole('alert')).toContainText(slug)
  await deletion.getByLabel(`Type ${slug} to confirm`).fill(slug)
  await deletion.getByRole('button', { name: 'Delete organization' }).click()
  await expect(page.getByText('will be deleted on')).toBeVisible()
  await page.getByRole('button', { name: 'Undo deletion' }).click()
  await expect(page.getByRole('form', { name: 'Delete organization' })).toBeVisible()

  await page.getByRole('button', { name: 'Sign out everywhere' }).click()
  await expect(page).toHaveURL(/\/signin$/)
  await page.goto(`/${slug}`)
  await expect(page).toHaveURL(/\/signin\?next=/)
})

test('a member of one organization gets 404 from another organization’s pages and routes', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Email').fill('ida@initech.test')
  const login = (await import('./fixtures')).demoLogin()
  await page.getByLabel('Password').fill(login.demoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/initech$/)
  for (const url of ['/acme', '/acme/members', '/acme/settings', '/acme/provisioning', '/no-such-org']) {
    expect((await page.goto(url))?.status(), url).toBe(404)
  }
  expect((await page.request.get('/api/orgs/acme/provisioning')).status()).toBe(404)
  // Renaming, deleting and inviting are server actions now: e2e/isolation-actions.spec.ts calls each
  // of them as a member of another organization.
  expect((await page.request.get('/api/orgs/initech/provisioning')).status()).toBe(200)
})
