/**
 * The bad-input tables' common checks (app/_actions/auth, app/_actions/orgs and app/api
 * bad-input tests): a refusal names the field with a message a person can act on, and nothing
 * was written.
 */
import { expect } from 'vitest'
import type { Db } from '../db'

/** zod's built-in messages: correct, but not what a person should read next to a field. */
export const GENERIC_MESSAGE = /invalid input|expected \w+, received|too (big|small)|invalid (string|option|enum|type)|^required$/i

/** Rows of every table the sign-up, sign-in and organization forms write to. */
export async function rowCounts(db: Db) {
  const [users, organizations, memberships, tenants, invitations, subscriptions, sessions] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.membership.count(),
    db.tenant.count(),
    db.invitation.count(),
    db.subscription.count(),
    db.session.count(),
  ])
  return { users, organizations, memberships, tenants, invitations, subscriptions, sessions }
}

/** The refusal has an error on `field`, and it and the overall message are specific sentences. */
export function expectFieldRefusal(refusal: { message?: string; fieldErrors?: Record<string, string[]> }, field: string): void {
  const messages = refusal.fieldErrors?.[field]
  expect(messages, `field errors: ${JSON.stringify(refusal.fieldErrors)}`).toBeDefined()
  for (const message of [...messages!, refusal.message!]) {
    expect(message.length).toBeGreaterThan(5)
    expect(message).not.toMatch(GENERIC_MESSAGE)
  }
}
