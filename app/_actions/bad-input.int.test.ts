// Every server action under app/_actions, found on disk (a new action is in this test the day it is
// added), with a NUL byte (U+0000) in each field its input schema reads: PostgreSQL's text refuses
// it, and before the glue refused it (app/_server/action.ts, lib/errors/input.ts rejectNul) a NUL
// that reached a query or a write was a 500. Each must be VALIDATION naming that field with a
// message a person can act on (the organization of an organization's action: NOT_FOUND, the answer
// for any organization that is not the caller's), nothing written, nothing sent. Then the forms the
// issue reproduced (sign-in, the console's reasons), complete and valid but for the NUL in one field.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { actionDefinition } from '@/app/_server/action'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { NUL_MESSAGE } from '@/lib/errors/input'
import { createOrgWithOwner, createTenant, createUser, type TestOrg } from '@/lib/orgs/testing/fixtures'
import { expectFieldRefusal, rowCounts, schemaFields, WITH_NUL } from '@/lib/testing/bad-input'
import type { RouteClient, ServerAction } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { breakGlassAction } from './admin/break-glass'
import { changeTenantPlanAction } from './admin/change-tenant-plan'
import { deprovisionTenantAction } from './admin/deprovision-tenant'
import { extendTrialAction } from './admin/extend-trial'
import { markInvoicePaidAction } from './admin/mark-invoice-paid'
import { replayJobAction } from './admin/replay-job'
import { resendNotificationAction } from './admin/resend-notification'
import { resumeTenantAction } from './admin/resume-tenant'
import { retryTenantProvisioningAction } from './admin/retry-tenant-provisioning'
import { setReadOnlyAction } from './admin/set-read-only'
import { suspendTenantAction } from './admin/suspend-tenant'
import { signInAction } from './auth/sign-in'
import { renameOrganizationAction } from './orgs/rename-organization'
import { createInvitationAction } from './orgs/create-invitation'

const database = useTestDatabase()

const files = fs
  .readdirSync(import.meta.dirname, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .sort()
const actions: { file: string; exported: string; action: ServerAction }[] = []
for (const file of files) {
  const exports = (await import(path.join(import.meta.dirname, file))) as Record<string, unknown>
  for (const [exported, value] of Object.entries(exports))
    if (typeof value === 'function') actions.push({ file, exported, action: value as ServerAction })
}

/** Each action's rows: a NUL in each field its schema reads (an action reading none: in a field it does not have). */
const rows = actions.flatMap(({ file, exported, action }) => {
  const definition = actionDefinition(action)
  if (!definition) return []
  const fields = schemaFields(definition.input)
  const rowsOf = (fields.length ? fields : ['comment']).map((field) => ({ label: `${file} ${exported}: ${field}`, action, field }))
  return definition.kind === 'org' ? [...rowsOf, { label: `${file} ${exported}: org`, action, field: 'org' }] : rowsOf
})

// One client for every kind of action: a super-admin past TOTP (the console's actions) who owns
// an organization with an instance (the organization's) and is signed in (the user's; the public
// ones take anyone).
let client: RouteClient
let org: TestOrg
let tenantId: string

beforeAll(async () => {
  const user = await createUser(database.db, { email: 'nul-admin@bad-input.test' })
  await database.db.user.update({ where: { id: user.id }, data: { isSuperAdmin: true, totpEnabledAt: new Date() } })
  client = await signedInClient(user.id, { mfa: true })
  org = await createOrgWithOwner(database.db, { slug: 'nul-bytes-org', owner: user })
  tenantId = (await createTenant(database.db, { orgId: org.id, slug: org.slug, planId: 'free', state: 'ACTIVE' })).id
})

async function written() {
  return { ...(await rowCounts(database.db)), audit: await database.db.auditLog.count() }
}

type Outcome = { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string[]> }

async function expectNulRefused(action: ServerAction, fields: Record<string, string>, field: string) {
  const before = await written()
  const outcome = await client.act(action, fields)
  const result = outcome.result as Outcome
  if (field === 'org')
    expect(result, JSON.stringify(outcome)).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Organization not found' })
  else {
    expect(result, JSON.stringify(outcome)).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect(result.fieldErrors?.[field], JSON.stringify(result.fieldErrors)).toContain(NUL_MESSAGE)
    expectFieldRefusal(result, field)
  }
  expect(outcome.redirect).toBeUndefined()
  expect(outcome.refreshed).toBe(false)
  expect(await written()).toEqual(before)
  expect(database.jobs.sent).toEqual([])
}

describe('a NUL byte in any field of any server action', () => {
  it('finds every action (each export of app/_actions is built with the glue of app/_server/action.ts)', () => {
    expect(actions.length).toBeGreaterThan(40)
    expect(actions.filter(({ action }) => !actionDefinition(action)).map((a) => `${a.file} ${a.exported}`)).toEqual([])
    expect(new Set(rows.map((r) => r.label)).size).toBe(rows.length)
  })

  it.each(rows)('$label → refused on that field', async ({ action, field }) => {
    await expectNulRefused(action, { ...(field === 'org' ? {} : { org: org.slug }), [field]: WITH_NUL }, field)
  })
})

describe('the forms that answered 500 to a NUL, complete and valid but for it', () => {
  const complete = (): [string, ServerAction, Record<string, string>][] => [
    ['sign-in', signInAction, { email: 'nul-admin@bad-input.test', password: 'Correct-Horse-Battery-42' }],
    ['suspend', suspendTenantAction, { tenantId, reason: 'abuse report' }],
    ['resume', resumeTenantAction, { tenantId, reason: 'ok again' }],
    ['plan', changeTenantPlanAction, { tenantId, toPlanId: 'pro', reason: 'upgrade' }],
    ['retry', retryTenantProvisioningAction, { tenantId, reason: 'try again' }],
    ['deprovision', deprovisionTenantAction, { tenantId, reason: 'gone for good', confirmation: org.slug }],
    ['trial', extendTrialAction, { tenantId, days: '7', reason: 'longer please' }],
    ['resend', resendNotificationAction, { tenantId, outboxId: 'x', reason: 'lost mail' }],
    ['mark paid', markInvoicePaidAction, { invoiceId: 'x', reason: 'bank transfer' }],
    ['replay', replayJobAction, { runId: 'x', reason: 'remote fixed' }],
    ['read-only', setReadOnlyAction, { enabled: 'true', reason: 'incident 7' }],
    ['break-glass', breakGlassAction, { reason: 'urgent case', minutes: '5' }],
    ['rename', renameOrganizationAction, { org: org.slug, name: 'Renamed Org' }],
    ['invite', createInvitationAction, { org: org.slug, email: 'new@bad-input.test', role: 'MEMBER' }],
  ]

  it('answers VALIDATION on the field with the NUL (NOT_FOUND for the organization), never INTERNAL', async () => {
    let checked = 0
    for (const [name, action, fields] of complete())
      for (const field of Object.keys(fields)) {
        // the NUL at the end, where a trimming schema would keep it
        await expectNulRefused(action, { ...fields, [field]: `${fields[field]}\u0000` }, field).catch((error: Error) => {
          throw new Error(`${name}, ${field}: ${error.message}`)
        })
        checked++
      }
    expect(checked).toBe(33)
  })
})
