// Shared helpers of the browser tests.
import fs from 'node:fs'
import path from 'node:path'
import { expect, type Page } from '@playwright/test'
import { TOTP } from 'otpauth'

/** The logins the seed printed for this run's data directory (npm start keeps them there). */
export function demoLogin(): { adminEmail: string; adminPassword: string; demoPassword: string } {
  const dir = process.env.E2E_DATA_DIR ?? path.resolve('.test-output/e2e-data')
  return JSON.parse(fs.readFileSync(path.join(dir, 'demo-login.json'), 'utf8'))
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

let lastStep = -1

/**
 * The current code. A code's time step is accepted once (replay protection), so when the previous
 * call used this step, wait for the next one.
 */
export async function totpCode(secretBase32: string): Promise<string> {
  while (Math.floor(Date.now() / 30_000) <= lastStep) await new Promise((r) => setTimeout(r, 500))
  lastStep = Math.floor(Date.now() / 30_000)
  return new TOTP({ secret: secretBase32, digits: 6, period: 30, algorithm: 'SHA1' }).generate()
}

export async function expectNotFound(page: Page, url: string) {
  const response = await page.goto(url)
  expect(response?.status(), url).toBe(404)
}
