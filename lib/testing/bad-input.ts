/**
 * The bad-input tables' common checks (app/_actions/auth, app/_actions/orgs and app/api
 * bad-input tests): a refusal names the field with a message a person can act on, and nothing
 * was written; and, for the tests that go through every action and route with a NUL byte
 * (app/_actions/bad-input.int.test.ts, app/api/nul-bytes.int.test.ts), the fields a schema reads.
 */
import { expect } from 'vitest'
import type { z } from 'zod'
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

/** A value with a NUL in the middle: PostgreSQL's text refuses it (lib/errors/input.ts NUL_MESSAGE). */
export const WITH_NUL = 'nul\u0000byte'

/**
 * The top-level field names a zod input schema reads (through pipes, transforms, refinements,
 * optional and default wrappers, unions and intersections): the fields of a form or JSON body.
 */
export function schemaFields(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape as Record<string, unknown>)
    case 'pipe':
      return schemaFields(def.in as z.ZodType)
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return schemaFields(def.innerType as z.ZodType)
    case 'union':
      return [...new Set((def.options as z.ZodType[]).flatMap(schemaFields))]
    case 'intersection':
      return [...new Set([...schemaFields(def.left as z.ZodType), ...schemaFields(def.right as z.ZodType)])]
    case 'lazy':
      return schemaFields((def.getter as () => z.ZodType)())
    default:
      return []
  }
}
