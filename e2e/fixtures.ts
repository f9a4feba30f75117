// Shared helpers of the browser tests.
import fs from 'node:fs'
import path from 'node:path'
import { expect, type APIRequestContext, type APIResponse, type Page, type PlaywrightWorkerArgs } from '@playwright/test'
import { TOTP } from 'otpauth'
import { formDataOf } from './form-markup'
import { alertsOf, hiddenValuesOf, submitPageForm } from './forms'

/** The run's data directory (npm start keeps the seed's logins there; the TOTP helpers their state). */
const dataDir = () => process.env.E2E_DATA_DIR ?? path.resolve('.test-output/e2e-data')

/** The logins the seed printed for this run's data directory. */
export function demoLogin(): { adminEmail: string; adminPassword: string; demoPassword: string } {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), 'demo-login.json'), 'utf8'))
}

/**
 * The wizard's first step when several apps are sold (the e2e server sells all five, as npm start
 * does): the app's card, then on (to the organization, or the plan when that step is done).
 */
export async function chooseApp(page: Page, appId = 'generic') {
  await expect(page).toHaveURL(/\/signup\/app$/)
  await page.locator('label', { has: page.locator(`input[value="${appId}"]`) }).click()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/\/signup\/(organization|plan)$/)
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/**
 * The last time step a code was made for, kept in the run's data directory: a code's step is
 * accepted once (replay protection), and Playwright runs workers side by side and starts a new
 * worker process after a failure, so the memory of one process is not enough.
 */
const lastStepFile = () => path.join(dataDir(), 'totp-last-step')

function lastStep(): number {
  try {
    return Number(fs.readFileSync(lastStepFile(), 'utf8')) || -1
  } catch {
    return -1
  }
}

/** Takes time step `step` for this call: once per step across every worker (its marker file is created exclusively). */
function claimStep(step: number): boolean {
  try {
    fs.writeFileSync(`${lastStepFile()}.${step}`, String(process.pid), { flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  fs.writeFileSync(lastStepFile(), String(step))
  return true
}

/** The current code, waiting for the next time step when an earlier call (in any worker) used this one. */
export async function totpCode(secretBase32: string): Promise<string> {
  for (;;) {
    const now = Date.now()
    const step = Math.floor(now / 30_000)
    if (step > lastStep() && claimStep(step))
      return new TOTP({ secret: secretBase32, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: now })
    await new Promise((r) => setTimeout(r, 500))
  }
}

export async function expectNotFound(page: Page, url: string) {
  const response = await page.goto(url)
  expect(response?.status(), url).toBe(404)
}

/** An address from TEST-NET-3 for one test's requests, so they do not share the per-IP rate limits of the other tests. */
export function testClientIp(): string {
  return `203.0.113.${1 + Math.floor(Math.random() * 254)}`
}

export interface ApiOwner {
  request: APIRequestContext
  userId: string
  email: string
  orgName: string
  slug: string
}

/**
 * A new user who completed the sign-up wizard through its page forms, as a browser without
 * JavaScript submits them (account, then the link of the email, which makes the account and signs
 * this browser in, organization, free plan, start); `request` carries the session.
 */
export async function signUpWithOrganization(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
  label: string,
): Promise<ApiOwner> {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`
  const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL, 'x-forwarded-for': testClientIp() } })
  const email = `${label}-${stamp}@example.test`
  const orgName = `${label} ${stamp}`
  const slug = `${label}-${stamp}`
  const steps: [page: string, form: string, fields: Record<string, string>, landing: string][] = [
    ['/signup', 'Create your account', { email, password: 'Isolated-Tenant-Pass-64', name: label }, '/signup'],
    ['/signup/app', 'Choose an app', { appId: 'generic' }, '/signup/organization'],
    ['/signup/organization', 'Name your organization', { name: orgName, slug }, '/signup/plan'],
    ['/signup/plan', 'Choose a plan', { planId: 'free' }, '/signup/review'],
    ['/signup/review', 'Start your instance', {}, `/${slug}/provisioning`],
  ]
  for (const [page, form, fields, landing] of steps) {
    const response = await submitPageForm(request, page, form, fields)
    const refusal = alertsOf(await response.text()).join(' ')
    expect(new URL(response.url()).pathname, `${form} (${response.status()}): ${refusal}`).toBe(landing)
    // The account is made by the link of the email, opened in this browser (which it signs in).
    if (page === '/signup') await verifyEmailThroughMailbox(playwright, baseURL, request, email)
  }
  // The only member's id, from the hidden field of its row's forms on the members page.
  const [userId] = hiddenValuesOf(await (await request.get(`/${slug}/members`)).text(), 'userId')
  expect(userId, 'the owner on the members page').toBeTruthy()
  return { request, userId: userId!, email, orgName, slug }
}

/** The file where e2e/admin-session.ts keeps the super-admin's TOTP key (beside the demo logins). */
const adminTotpSecretFile = () => path.join(dataDir(), 'admin-totp-secret.txt')

let mailboxReader: Promise<APIRequestContext> | undefined

/**
 * The seeded super-admin's session on an APIRequestContext, through the sign-in and /mfa page forms
 * as a browser without JavaScript submits them (enrolling TOTP when this data directory has no key
 * yet): made once per worker, since each new session costs a TOTP time step.
 */
async function superAdminRequest(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string): Promise<APIRequestContext> {
  const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL, 'x-forwarded-for': testClientIp() } })
  const login = demoLogin()
  const signedIn = await submitPageForm(request, '/signin', 'Sign in', { email: login.adminEmail, password: login.adminPassword })
  expect(new URL(signedIn.url()).pathname, alertsOf(await signedIn.text()).join(' ')).toBe('/mfa')
  const mfa = await signedIn.text()
  let verified: APIResponse
  if (mfa.includes('aria-label="Two-factor set-up"')) {
    // Each rendering of /mfa starts a new enrolment: the key and the form of this very page.
    const secret = /data-testid="totp-secret"[^>]*>([A-Z2-7=]+)</.exec(mfa)?.[1]
    expect(secret, 'the TOTP key on the enrolment page').toBeTruthy()
    const { rememberAdminTotpSecret } = await import('./admin-session')
    rememberAdminTotpSecret(secret!)
    const form = formDataOf(mfa, 'Two-factor set-up', { code: await totpCode(secret!) })
    verified = await request.post('/mfa', { multipart: form, headers: { origin: new URL(baseURL).origin } })
  } else {
    const code = await totpCode(fs.readFileSync(adminTotpSecretFile(), 'utf8').trim())
    verified = await submitPageForm(request, '/mfa', 'Two-factor verification', { code })
  }
  const refusal = alertsOf(await verified.text()).join(' ')
  expect(isMailboxOpen(await request.get('/admin/mailbox')), `the dev mailbox after TOTP: ${refusal}`).toBe(true)
  return request
}

/** The mailbox itself answered (not the 404 of a non-admin, nor the /mfa page a redirect lands on). */
const isMailboxOpen = (response: APIResponse) => response.status() === 200 && new URL(response.url()).pathname === '/admin/mailbox'

/**
 * The newest email to `to` from `template` in the dev mailbox (/admin/mailbox, read by the
 * super-admin: without SMTP the app keeps every email there), waiting for the background job
 * that writes it; returns the path and query of its first `route` link (`/verify?token=…`).
 */
export async function linkFromMailbox(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
  wanted: { to: string; template: string; route: string },
): Promise<string> {
  mailboxReader ??= superAdminRequest(playwright, baseURL).catch((error: unknown) => {
    mailboxReader = undefined
    throw error
  })
  let admin = await mailboxReader
  let messageId: string | undefined
  await expect(async () => {
    let list = await admin.get('/admin/mailbox')
    if (!isMailboxOpen(list)) {
      // the session ended (a sign-out everywhere, a password reset): sign in again
      mailboxReader = superAdminRequest(playwright, baseURL)
      admin = await mailboxReader
      list = await admin.get('/admin/mailbox')
    }
    const row = [...(await list.text()).matchAll(/<tr\b[^>]*>(.*?)<\/tr>/gs)]
      .map((match) => match[1]!)
      .find((cells) => cells.includes(`>${wanted.to}<`) && cells.includes(`>${wanted.template}<`))
    messageId = row && /href="\/admin\/mailbox\/([^"?]+)"/.exec(row)?.[1]
    expect(messageId, `an email to ${wanted.to} (${wanted.template}) in the mailbox`).toBeTruthy()
  }).toPass({ timeout: 15_000 }) // written by the background job
  const message = await (await admin.get(`/admin/mailbox/${messageId}`)).text()
  const text = /<pre\b[^>]*data-testid="mail-text"[^>]*>(.*?)<\/pre>/s.exec(message)?.[1] ?? ''
  const link = new RegExp(`https?://[^\\s<"]+/${wanted.route}\\?token=[\\w-]+`).exec(text)?.[0]
  expect(link, text).toBeTruthy()
  return new URL(link!).pathname + new URL(link!).search
}

/**
 * What the new user does with the email of their sign-up: opens its link (read from the dev mailbox)
 * in the browser that signed up (`request`), and confirms on the /verify page's form.
 */
export async function verifyEmailThroughMailbox(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
  request: APIRequestContext,
  email: string,
): Promise<void> {
  const link = await linkFromMailbox(playwright, baseURL, { to: email, template: 'verify-email', route: 'verify' })
  const verified = await submitPageForm(request, link, 'Verify email address')
  const page = await verified.text()
  expect(page, alertsOf(page).join(' ')).toContain('Your email address is verified.')
}
