// The tenant workflows end to end on the embedded runner against the dry-run cluster: real
// guardrails, the real chart rendered by the real helm binary, every manifest validated against
// the Kubernetes schemas. Also failure, retry from the UI's use case, and plan-change refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobs } from '../jobs/jobs'
import { HelmCli } from '../helm/helm'
import { createDryRunKube } from '../k8s/dry-run'
import { KubeError } from '../k8s/port'
import { validateManifest } from '../k8s/validate'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { getRunManifests } from './get-run-manifests'
import { retryProvisioning } from './retry-provisioning'
import { revealCredentials } from './reveal-credentials'
import { finishedRun, newTenant, PROVISION_STEPS, startHarness, waitForState, withFaults, type Harness } from './testing/harness'

const database = useTestDatabase({ jobs: false })
let harness: Harness
const kube = withFaults(createDryRunKube({ validate: validateManifest }))

beforeAll(async () => {
  harness = startHarness(database.db, { mode: 'dry-run', kube, helm: new HelmCli() })
})
afterAll(async () => {
  await harness?.stop()
})

describe('provisioning on the dry-run cluster', () => {
  it('runs every step, records each with its duration, stores validated YAML without secrets, and shows the admin login once', async () => {
    const { org, tenantId } = await newTenant(database.db, 'free')
    const tenant = await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'])
    expect(tenant.state).toBe('ACTIVE')
    expect(tenant.url).toBe(`https://${org.slug}.tenants.localhost`)
    const run = await finishedRun(database.db, tenantId, 'PROVISION')
    expect(run).toMatchObject({ status: 'SUCCEEDED', dryRun: true, error: null })
    expect(run.steps.map((s) => s.name)).toEqual(PROVISION_STEPS)
    for (const step of run.steps) {
      expect(step).toMatchObject({ status: 'SUCCEEDED', attempt: 1 })
      expect(step.durationMs).toBeGreaterThanOrEqual(0)
      expect(step.finishedAt!.getTime()).toBeGreaterThanOrEqual(step.startedAt.getTime())
    }
    expect(run.steps.find((s) => s.name === 'helm-install')!.message).toMatch(/Rendered \d+ objects .* validated/)
    // Counts in correct English: "4 NetworkPolicies" and "1 owner emailed", never "NetworkPolicys" or "owner(s)".
    expect(run.steps.find((s) => s.name === 'guardrails')!.message).toMatch(/^1 ResourceQuota, 1 LimitRange, \d+ NetworkPolicies, /)
    expect(run.steps.find((s) => s.name === 'notify')!.message).toBe('1 owner emailed')

    const { yaml } = await getRunManifests({ orgId: org.id, userId: org.owner.id })
    for (const kind of [
      'Namespace',
      'ResourceQuota',
      'LimitRange',
      'NetworkPolicy',
      'ServiceAccount',
      'Role',
      'Deployment',
      'StatefulSet',
      'Ingress',
      'Secret',
    ]) {
      expect(yaml).toContain(`kind: ${kind}\n`)
    }
    expect(yaml).toContain(`name: tenant-${org.slug}`)
    const { email, password } = await revealCredentials({ orgId: org.id, userId: org.owner.id })
    expect(email).toBe(org.owner.email)
    expect(password.length).toBeGreaterThanOrEqual(20)
    expect(yaml).not.toContain(password)
    expect(yaml).toContain('<redacted>')
    await expect(revealCredentials({ orgId: org.id, userId: org.owner.id })).rejects.toMatchObject({ code: 'GONE' })

    await until(
      () => database.db.notificationOutbox.count({ where: { template: 'instance-ready', toEmail: org.owner.email } }),
      (n) => n === 1,
    )
  })

  it(
    'a step that fails for good marks the tenant FAILED, names the cause and tells the owner; ' + 'retry succeeds once the fault is gone',
    async () => {
      kube.fail(
        (op, o) => op === 'apply' && o?.kind === 'NetworkPolicy',
        new KubeError('FORBIDDEN', 'networkpolicies is forbidden for this test', 403),
      )
      const { org, tenantId } = await newTenant(database.db, 'demo')
      await waitForState(database.db, tenantId, ['FAILED', 'ACTIVE'])
      const failed = await finishedRun(database.db, tenantId, 'PROVISION')
      expect(failed.status).toBe('FAILED')
      expect(failed.error).toBe('guardrails: networkpolicies is forbidden for this test')
      expect(failed.steps.map((s) => [s.name, s.status])).toEqual([
        ['validate', 'SUCCEEDED'],
        ['namespace', 'SUCCEEDED'],
        ['guardrails', 'FAILED'],
      ])
      await until(
        () => database.db.notificationOutbox.count({ where: { template: 'provisioning-failed', toEmail: org.owner.email } }),
        (n) => n === 1,
      )
      kube.clear()
      await retryProvisioning({ orgId: org.id, userId: org.owner.id })
      await expect(retryProvisioning({ orgId: org.id, userId: org.owner.id })).rejects.toMatchObject({ code: 'CONFLICT' })
      await waitForState(database.db, tenantId, ['ACTIVE'])
      await finishedRun(database.db, tenantId, 'PROVISION') // the run ends after the owner is notified
      const runs = await database.db.provisioningRun.findMany({ where: { tenantId }, orderBy: { startedAt: 'asc' } })
      expect(runs.map((r) => r.status)).toEqual(['FAILED', 'SUCCEEDED'])
    },
  )

  it('a transient error is retried: the step shows a second attempt and the run succeeds', async () => {
    kube.fail((op, o) => op === 'apply' && o?.kind === 'LimitRange', new KubeError('UNAVAILABLE', 'connection reset', 503), 1)
    const { tenantId } = await newTenant(database.db, 'free')
    await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'])
    const run = await finishedRun(database.db, tenantId, 'PROVISION')
    expect(run.status).toBe('SUCCEEDED')
    expect(run.steps.find((s) => s.name === 'guardrails')).toMatchObject({ status: 'SUCCEEDED', attempt: 2 })
    expect(run.steps.filter((s) => s.name !== 'guardrails').every((s) => s.attempt === 1)).toBe(true)
  })

  it('changes the plan (quota follows), refuses a downgrade that does not fit, suspends, resumes and deprovisions', async () => {
    const { tenantId, org } = await newTenant(database.db, 'free')
    await waitForState(database.db, tenantId, ['ACTIVE'])
    const namespace = `tenant-${org.slug}`
    const quotaOf = async () =>
      (await kube.get({ apiVersion: 'v1', kind: 'ResourceQuota', name: 'tenant-quota', namespace }))!.spec as {
        hard: Record<string, string>
      }

    await jobs.send({ name: 'tenant/plan-change.requested', data: { tenantId, toPlanId: 'pro' } })
    expect((await finishedRun(database.db, tenantId, 'CHANGE_PLAN')).status).toBe('SUCCEEDED')
    expect((await database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).planId).toBe('pro')
    expect((await quotaOf()).hard['requests.storage']).toBe('50Gi')

    // 20 GiB stored (a metering sample) cannot go back to Free's 10 GiB.
    await database.db.usageSample.create({
      data: {
        tenantId,
        metric: 'STORAGE_USED_BYTES',
        volume: 'app-data',
        windowStart: new Date(Date.now() - 3_600_000),
        windowEnd: new Date(),
        value: 20 * 1024 ** 3,
      },
    })
    await jobs.send({ name: 'tenant/plan-change.requested', data: { tenantId, toPlanId: 'free' } })
    await until(
      () => database.db.provisioningRun.count({ where: { tenantId, kind: 'CHANGE_PLAN', status: 'FAILED' } }),
      (n) => n === 1,
    )
    const refused = await database.db.provisioningRun.findFirstOrThrow({ where: { tenantId, kind: 'CHANGE_PLAN', status: 'FAILED' } })
    expect(refused.error).toMatch(/guard: Current usage does not fit the Free plan: 20\.0 GiB of data is stored/)
    const after = await database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })
    expect(after).toMatchObject({ planId: 'pro', state: 'ACTIVE' })
    expect((await quotaOf()).hard['requests.storage']).toBe('50Gi')

    await jobs.send({ name: 'tenant/suspend.requested', data: { tenantId, reason: 'trial expired' } })
    expect(await waitForState(database.db, tenantId, ['SUSPENDED'])).toMatchObject({ suspendReason: 'trial expired' })
    await jobs.send({ name: 'tenant/resume.requested', data: { tenantId } })
    expect(await waitForState(database.db, tenantId, ['ACTIVE'])).toMatchObject({ suspendedAt: null })
    await jobs.send({ name: 'tenant/deprovision.requested', data: { tenantId } })
    await waitForState(database.db, tenantId, ['DEPROVISIONED'])
    // The state is written before the audit entry: read them once the run has finished.
    expect(await finishedRun(database.db, tenantId, 'DEPROVISION')).toMatchObject({ status: 'SUCCEEDED' })
    expect(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })).toBeNull()
    const actions = (await database.db.auditLog.findMany({ where: { tenantId }, orderBy: { at: 'asc' } })).map((a) => a.action)
    expect(actions).toEqual(['tenant.provisioned', 'tenant.plan_changed', 'tenant.suspended', 'tenant.resumed', 'tenant.deprovisioned'])
  })
})
