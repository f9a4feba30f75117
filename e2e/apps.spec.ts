// Apps in the browser (issue 15): the landing and pricing pages list the apps sold, and a customer
// signs up for PhotoPrism for families, picks one of its plans, and sees the instance with
// PhotoPrism's host and the MinIO console's host.
import { expect, test } from '@playwright/test'
import { chooseApp, linkFromMailbox } from './fixtures'

test('the landing and pricing pages list every app sold, each with its own plans', async ({ page }) => {
  await page.goto('/')
  const apps = page.getByRole('region', { name: 'Our apps' })
  for (const name of ['PhotoPrism for families', 'IoT platform', 'MechanicBuddy', 'Browser sessions']) {
    await expect(apps.getByRole('heading', { name })).toBeVisible()
  }
  await apps.getByRole('link', { name: 'Plans of MechanicBuddy' }).click()
  await expect(page).toHaveURL(/\/pricing#mechanicbuddy$/)
  const mechanicbuddy = page.getByRole('region', { name: 'MechanicBuddy' })
  await expect(mechanicbuddy.getByRole('article')).toHaveCount(4)
  // A plan appears under its own app only.
  await expect(page.getByRole('region', { name: 'PhotoPrism for families' }).getByRole('article')).not.toContainText(['MechanicBuddy'])
})

test('a customer signs up for PhotoPrism for families and sees the PhotoPrism and MinIO console hosts', async ({
  page,
  playwright,
  baseURL,
}) => {
  const stamp = Date.now().toString(36)
  const email = `fay-${stamp}@example.test`
  await page.goto('/signup')
  await page.getByLabel('Your name').fill('Fay Family')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('Family-Photos-Forever-42')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText(`We sent an email to ${email}.`)
  await page.goto(await linkFromMailbox(playwright, baseURL!, { to: email, template: 'verify-email', route: 'verify' }))
  await expect(page.getByRole('main').getByRole('status')).toContainText('verified')

  await page.goto('/signup/app')
  await chooseApp(page, 'photoprism-family')
  await page.getByLabel('Organization name').fill(`Fay Photos ${stamp}`)
  const slug = `fay-photos-${stamp}`
  await expect(page.getByRole('status').filter({ hasText: `${slug}.tenants.localhost is available` })).toBeVisible()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/plan$/)
  await expect(page.getByRole('heading', { name: 'Choose a plan for PhotoPrism for families' })).toBeVisible()
  // Only PhotoPrism's plans are offered: the generic app's Free plan is not among them.
  await expect(page.locator('input[name="planId"][value="free"]')).toHaveCount(0)
  await page.locator('label', { has: page.locator('input[value="photoprism-family-free"]') }).click()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/review$/)
  await expect(page.getByText('PhotoPrism for families')).toBeVisible()
  await page.getByRole('button', { name: 'Create my instance' }).click()
  await expect(page).toHaveURL(new RegExp(`/${slug}$`), { timeout: 90_000 })

  const instance = page.getByRole('region', { name: `Instance ${slug}` })
  await expect(instance.getByTestId('instance-state')).toHaveText('active')
  await expect(instance.getByRole('heading', { name: `https://${slug}.tenants.localhost` })).toBeVisible()
  await expect(instance).toContainText('PhotoPrism for families')
  const others = instance.getByRole('list', { name: 'Other addresses' })
  await expect(others.getByRole('link', { name: `https://minio-${slug}.tenants.localhost` })).toBeVisible()
  await expect(others).toContainText('MinIO console')
  // What was installed is PhotoPrism's chart (the dry-run cluster's rendering).
  const yaml = await (await page.request.get(`/api/orgs/${slug}/instance/manifests`)).text()
  expect(yaml).toContain('name: photoprism')
  expect(yaml).toContain(`host: minio-${slug}.tenants.localhost`)
})
