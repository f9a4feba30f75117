// 404 across organizations for every tenant dashboard action (app/_actions/orgs, billing,
// provisioning): the owner of organization A names organization B in the form's `org` field and gets
// NOT_FOUND ("Organization not found", the same answer as for an organization that does not exist),
// before any input is read (a malformed submission gets it too, not VALIDATION); a visitor without a
// session gets it as well; and B is unchanged afterwards. The table must name every action those
// folders export, so a new one is covered the day it is added. A positive control (B's own owner,
// the same fields) proves each submission reaches its use case.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { addMember, createOrgWithOwner, createTenant, type TestOrg, type TestUser } from '@/lib/orgs/testing/fixtures'
import { RouteClient, type ServerAction } from '@/lib/testing/route-client'
import { seal } from '@/lib/security/seal'
import { CREDENTIALS_PURPOSE } from '@/lib/provisioning/steps/ensure-credentials'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { renameOrganizationAction } from './orgs/rename-organization'
import { requestOrganizationDeletionAction } from './orgs/request-organization-deletion'
import { cancelOrganizationDeletionAction } from './orgs/cancel-organization-deletion'
import { createInvitationAction } from './orgs/create-invitation'
import { changeMemberRoleAction } from './orgs/change-member-role'
import { removeMemberAction } from './orgs/remove-member'
import { leaveOrganizationAction } from './orgs/leave-organization'
import { requestDataExportAction } from './orgs/request-data-export'
import { setCustomDomainAction } from './provisioning/set-custom-domain'
import { removeCustomDomainAction } from './provisioning/remove-custom-domain'
import { verifyCustomDomainAction } from './provisioning/verify-custom-domain'
import { retryProvisioningAction } from './provisioning/retry-provisioning'
import { revealCredentialsAction } from './provisioning/reveal-credentials'
import { activateSubscriptionAction } from './billing/activate-subscription'
import { setCancelAtPeriodEndAction } from './billing/set-cancel-at-period-end'
import { createCheckoutSessionAction } from './billing/create-checkout-session'
import { pauseSubscriptionAction } from './billing/pause-subscription'
import { changeSubscriptionPlanAction } from './billing/change-subscription-plan'
import { createPortalSessionAction } from './billing/create-portal-session'

const database = useTestDatabase({ jobs: 'per-file' })
let a: TestOrg
let b: TestOrg
let bMember: TestUser

beforeAll(async () => {
  a = await createOrgWithOwner(database.db, { name: 'Org A', slug: 'isolation-a' })
  b = await createOrgWithOwner(database.db, { name: 'Org B', slug: 'isolation-b' })
  bMember = await addMember(database.db, b.id, 'MEMBER')
  // B has something for every action to change: a failed instance with its login still sealed,
  // a trial on a paid plan, an open invitation.
  await createTenant(database.db, {
    orgId: b.id,
    slug: b.slug,
    planId: 'pro',
    state: 'FAILED',
    credentialsReady: true,
    sealedCredentials: seal(JSON.stringify({ email: b.owner.email, password: 'b-secret' }), CREDENTIALS_PURPOSE),
  })
  await database.db.subscription.create({
    data: { orgId: b.id, planId: 'pro', status: 'TRIALING', trialEndsAt: new Date(Date.now() + 7 * 86_400_000) },
  })
  await database.db.invitation.create({
    data: {
      orgId: b.id,
      email: 'invited@example.test',
      role: 'MEMBER',
      tokenHash: 'isolation-token-hash',
      invitedById: b.owner.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  })
})

/** Everything of B an action could change. */
async function snapshotOfB() {
  const db = database.db
  const [org, memberships, invitations, tenant, subscription, audits, dataExports] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: b.id }, select: { name: true, slug: true, deletionScheduledFor: true } }),
    db.membership.findMany({ where: { orgId: b.id }, select: { userId: true, role: true }, orderBy: { userId: 'asc' } }),
    db.invitation.findMany({ where: { orgId: b.id }, select: { email: true, role: true, revokedAt: true }, orderBy: { email: 'asc' } }),
    db.tenant.findFirstOrThrow({
      where: { orgId: b.id },
      select: { state: true, customDomain: true, pendingDomain: true, sealedCredentials: true },
    }),
    db.subscription.findUniqueOrThrow({
      where: { orgId: b.id },
      select: { status: true, planId: true, cancelAtPeriodEnd: true, pausedAt: true, pendingPlanId: true },
    }),
    db.auditLog.count({ where: { orgId: b.id } }),
    db.dataExport.count({ where: { orgId: b.id } }),
  ])
  return { org, memberships, invitations, tenant, subscription, audits, dataExports, jobs: database.jobs.sent.length }
}

type Case = { action: ServerAction; fields: Record<string, string>; malformed?: Record<string, string> }

// Fields as B's pages would send them (`org` is added), and where the action reads input, a malformed variant.
const ACTIONS = (): Record<string, Case> => ({
  renameOrganizationAction: { action: renameOrganizationAction, fields: { name: 'Pwned by A' }, malformed: { name: '' } },
  requestOrganizationDeletionAction: { action: requestOrganizationDeletionAction, fields: { confirmation: b.slug }, malformed: {} },
  cancelOrganizationDeletionAction: { action: cancelOrganizationDeletionAction, fields: {} },
  createInvitationAction: {
    action: createInvitationAction,
    fields: { email: 'intruder@example.test', role: 'OWNER' },
    malformed: { email: 'x', role: 'KING' },
  },
  changeMemberRoleAction: {
    action: changeMemberRoleAction,
    fields: { userId: bMember.id, role: 'OWNER' },
    malformed: { userId: '', role: 'KING' },
  },
  removeMemberAction: { action: removeMemberAction, fields: { userId: bMember.id }, malformed: {} },
  leaveOrganizationAction: { action: leaveOrganizationAction, fields: {} },
  requestDataExportAction: { action: requestDataExportAction, fields: {} },
  setCustomDomainAction: { action: setCustomDomainAction, fields: { domain: 'pwned.example.com' }, malformed: { domain: '*' } },
  removeCustomDomainAction: { action: removeCustomDomainAction, fields: {} },
  verifyCustomDomainAction: { action: verifyCustomDomainAction, fields: {} },
  retryProvisioningAction: { action: retryProvisioningAction, fields: {} },
  revealCredentialsAction: { action: revealCredentialsAction, fields: {} },
  activateSubscriptionAction: { action: activateSubscriptionAction, fields: {} },
  setCancelAtPeriodEndAction: {
    action: setCancelAtPeriodEndAction,
    fields: { cancelAtPeriodEnd: 'true' },
    malformed: { cancelAtPeriodEnd: 'maybe' },
  },
  createCheckoutSessionAction: { action: createCheckoutSessionAction, fields: {} },
  pauseSubscriptionAction: {
    action: pauseSubscriptionAction,
    fields: { isPaused: 'true', reason: 'pwned' },
    malformed: { isPaused: 'x', reason: '' },
  },
  changeSubscriptionPlanAction: { action: changeSubscriptionPlanAction, fields: { planId: 'free' }, malformed: {} },
  createPortalSessionAction: { action: createPortalSessionAction, fields: {} },
})

const NOT_FOUND = { code: 'NOT_FOUND', message: 'Organization not found' }

describe('tenant dashboard actions across organizations', () => {
  it('the table names every action of app/_actions/{orgs,billing,provisioning}', async () => {
    const exported: string[] = []
    for (const folder of ['orgs', 'billing', 'provisioning']) {
      const dir = path.join(__dirname, folder)
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
        exported.push(...Object.keys((await import(path.join(dir, file))) as object))
      }
    }
    expect(exported.sort()).toEqual(Object.keys(ACTIONS()).sort())
  })

  it('a member of A naming B, and a visitor, get NOT_FOUND from every action, and B is unchanged', async () => {
    const before = await snapshotOfB()
    const ownerOfA = await signedInClient(a.owner.id)
    const failures: string[] = []
    for (const [name, { action, fields, malformed }] of Object.entries(ACTIONS())) {
      const submissions = [
        ['A, well-formed', ownerOfA, fields],
        ['A, malformed', ownerOfA, malformed],
        ['a visitor', new RouteClient(), fields],
      ] as const
      for (const [who, client, form] of submissions) {
        if (!form) continue
        const outcome = await client.act(action, { ...form, org: b.slug })
        const result = outcome.result as { ok: boolean; code?: string; message?: string } | undefined
        const refused = result?.ok === false && result.code === NOT_FOUND.code && result.message === NOT_FOUND.message
        if (!refused || outcome.redirect || outcome.refreshed) failures.push(`${name} as ${who}: ${JSON.stringify(outcome)}`)
      }
    }
    expect(failures).toEqual([])
    expect(await snapshotOfB()).toEqual(before)
  })

  it("control: B's own owner with the same fields reaches each use case (never 'Organization not found')", async () => {
    const ownerOfB = await signedInClient(b.owner.id)
    const answers: Record<string, string> = {}
    for (const [name, { action, fields }] of Object.entries(ACTIONS())) {
      const outcome = await ownerOfB.act(action, { ...fields, org: b.slug })
      const result = outcome.result as { ok: boolean; code?: string; message?: string } | undefined
      answers[name] = outcome.redirect ? `redirect ${outcome.redirect}` : result?.ok ? 'ok' : `${result?.code}: ${result?.message}`
    }
    for (const [name, answer] of Object.entries(answers)) expect(answer, name).not.toContain('Organization not found')
    // A few that must have done their work as B's owner: the proof the fields above are right.
    expect(answers.renameOrganizationAction).toBe('ok')
    expect(answers.createInvitationAction).toBe('ok')
    expect(answers.retryProvisioningAction).toBe(`redirect /${b.slug}/provisioning`)
    expect(answers.leaveOrganizationAction).toMatch(/^CONFLICT: You are the last owner/)
    expect(answers.revealCredentialsAction).toBe('ok')
    expect(answers.activateSubscriptionAction).toBe('ok')
    expect(answers.pauseSubscriptionAction).toBe('ok')
    expect(answers.changeSubscriptionPlanAction).toBe('ok')
    expect(answers.requestDataExportAction).toBe('ok')
  })
})
