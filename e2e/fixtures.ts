// Shared helpers of the browser tests.
import fs from 'node:fs'
import path from 'node:path'
import { expect, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from '@playwright/test'
import { TOTP } from 'otpauth'
import { alertsOf, hiddenValuesOf, submitPageForm } from './forms'

/** The run's data directory (npm start keeps the seed's logins there; the TOTP helpers their state). */
const dataDir = () => process.env.E2E_DATA_DIR ?? path.resolve('.test-output/e2e-data')

/** The logins the seed printed for this run's data directory. */
export function demoLogin(): { adminEmail: string; adminPassword: string; demoPassword: string } {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), 'demo-login.json'), 'utf8'))
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
 * JavaScript submits them (account, organization, free plan, start); `request` carries the session.
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
    ['/signup', 'Create your account', { email, password: 'Isolated-Tenant-Pass-64', name: label }, '/signup/organization'],
    ['/signup/organization', 'Name your organization', { name: orgName, slug }, '/signup/plan'],
    ['/signup/plan', 'Choose a plan', { planId: 'free' }, '/signup/review'],
    ['/signup/review', 'Start your instance', {}, `/${slug}/provisioning`],
  ]
  for (const [page, form, fields, landing] of steps) {
    const response = await submitPageForm(request, page, form, fields)
    const refusal = alertsOf(await response.text()).join(' ')
    expect(new URL(response.url()).pathname, `${form} (${response.status()}): ${refusal}`).toBe(landing)
  }
  // The only member's id, from the hidden field of its row's forms on the members page.
  const [userId] = hiddenValuesOf(await (await request.get(`/${slug}/members`)).text(), 'userId')
  expect(userId, 'the owner on the members page').toBeTruthy()
  return { request, userId: userId!, email, orgName, slug }
}
