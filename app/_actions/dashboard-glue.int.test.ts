// What the tenant dashboard's action files add to their use cases: the admin login shown once
// (then GONE, and never echoed in `values`), leaving lands on the dashboard, retry on the progress
// page, the yes/no fields of the billing forms read from their text.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { addMember, createOrgWithOwner, createTenant, type TestOrg } from '@/lib/orgs/testing/fixtures'
import { seal } from '@/lib/security/seal'
import { CREDENTIALS_PURPOSE } from '@/lib/provisioning/steps/ensure-credentials'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { revealCredentialsAction } from './provisioning/reveal-credentials'
import { retryProvisioningAction } from './provisioning/retry-provisioning'
import { leaveOrganizationAction } from './orgs/leave-organization'
import { setCancelAtPeriodEndAction } from './billing/set-cancel-at-period-end'
import { pauseSubscriptionAction } from './billing/pause-subscription'

const database = useTestDatabase({ jobs: 'per-file' })
let org: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db, { name: 'Glue Dashboard', slug: 'glue-dashboard' })
  await createTenant(database.db, {
    orgId: org.id,
    slug: org.slug,
    planId: 'pro',
    state: 'FAILED',
    credentialsReady: true,
    sealedCredentials: seal(JSON.stringify({ email: org.owner.email, password: 'first-admin-password' }), CREDENTIALS_PURPOSE),
  })
  await database.db.subscription.create({ data: { orgId: org.id, planId: 'pro', status: 'ACTIVE' } })
})

describe('tenant dashboard actions', () => {
  it('shows the admin login once, then answers GONE without the password anywhere', async () => {
    const owner = await signedInClient(org.owner.id)
    const first = await owner.act(revealCredentialsAction, { org: org.slug })
    expect(first.result).toEqual({ ok: true, data: { email: org.owner.email, password: 'first-admin-password' } })
    const second = await owner.act(revealCredentialsAction, { org: org.slug })
    expect(second.result).toMatchObject({ ok: false, code: 'GONE', values: { org: org.slug } })
    expect(JSON.stringify(second.result)).not.toContain('first-admin-password')
  })

  it('retry takes the browser to the progress page; a second retry is refused with the lifecycle’s reason', async () => {
    const owner = await signedInClient(org.owner.id)
    expect(await owner.act(retryProvisioningAction, { org: org.slug })).toMatchObject({ redirect: `/${org.slug}/provisioning` })
    const again = await owner.act(retryProvisioningAction, { org: org.slug })
    expect(again.result).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'The instance is pending; only a failed instance can be retried',
    })
  })

  it('reads the billing forms’ yes/no fields from their text and refuses anything else on the field', async () => {
    const owner = await signedInClient(org.owner.id)
    const cancel = await owner.act(setCancelAtPeriodEndAction, { org: org.slug, cancelAtPeriodEnd: 'true' })
    expect(cancel.result).toEqual({ ok: true, data: { cancelAtPeriodEnd: true } })
    const keep = await owner.act(setCancelAtPeriodEndAction, { org: org.slug, cancelAtPeriodEnd: 'false' })
    expect(keep.result).toEqual({ ok: true, data: { cancelAtPeriodEnd: false } })
    const bad = await owner.act(setCancelAtPeriodEndAction, { org: org.slug, cancelAtPeriodEnd: 'maybe' })
    expect(bad.result).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      fieldErrors: { cancelAtPeriodEnd: ['Say whether to cancel (true or false)'] },
    })
    const noReason = await owner.act(pauseSubscriptionAction, { org: org.slug, isPaused: 'true' })
    expect(noReason.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { reason: ['Give a reason code'] } })
    expect((await database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } })).status).toBe('ACTIVE')
  })

  it('a member who leaves lands on the dashboard; the last owner is refused and stays', async () => {
    const member = await addMember(database.db, org.id, 'MEMBER')
    const client = await signedInClient(member.id)
    expect(await client.act(leaveOrganizationAction, { org: org.slug })).toMatchObject({ redirect: '/dashboard' })
    expect(await database.db.membership.count({ where: { orgId: org.id, userId: member.id } })).toBe(0)
    const owner = await signedInClient(org.owner.id)
    const refused = await owner.act(leaveOrganizationAction, { org: org.slug })
    expect(refused.result).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(refused.redirect).toBeUndefined()
  })
})
