// A provisioning run when its worker shuts down during the helm step: the real tenant workflow on
// the embedded runner, the dry-run cluster, the real chart rendered by the real helm binary. The
// step in progress finishes, the run goes back to the queue at once, and the next runner finishes
// it without repeating a step; helm leaves no values file behind.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HelmCli } from '../helm/helm'
import type { HelmPort } from '../helm/port'
import { createDryRunKube } from '../k8s/dry-run'
import { validateManifest } from '../k8s/validate'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { newTenant, PROVISION_STEPS, startHarness, waitForState, type Harness } from './testing/harness'

const database = useTestDatabase({ jobs: false })
const originalTmpdir = process.env.TMPDIR
let helmTmp: string
let harnesses: Harness[] = []

beforeAll(() => {
  helmTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'provision-shutdown-'))
  process.env.TMPDIR = helmTmp // helm.ts makes its values directories under os.tmpdir()
})
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.stop()))
  if (originalTmpdir === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = originalTmpdir
  fs.rmSync(helmTmp, { recursive: true, force: true })
})

/** The real helm, counting the charts it renders, the first render slow to start (a busy machine). */
function slowHelm(delayMs: number): HelmPort & { renders: number } {
  const helm = new HelmCli()
  const counting = {
    renders: 0,
    upgradeInstall: helm.upgradeInstall.bind(helm),
    uninstall: helm.uninstall.bind(helm),
    status: helm.status.bind(helm),
    rollback: helm.rollback.bind(helm),
    version: helm.version.bind(helm),
    pull: helm.pull.bind(helm),
    template: async (release: Parameters<HelmPort['template']>[0]) => {
      if (counting.renders++ === 0) await new Promise((r) => setTimeout(r, delayMs))
      return helm.template(release)
    },
  }
  return counting
}

describe('a worker shutting down during a provisioning run', () => {
  it('finishes the step in progress, releases the run at once, and the next runner completes it without repeating a step', async () => {
    const helm = slowHelm(1_500)
    const kube = createDryRunKube({ validate: validateManifest })
    const target = { mode: 'dry-run' as const, kube, helm }
    const first = startHarness(database.db, target)
    harnesses.push(first)
    const { tenantId } = await newTenant(database.db, 'free')
    const step = (name: string) =>
      database.db.provisioningStep.findFirst({ where: { name, run: { tenantId } }, select: { status: true, attempt: true } })
    await until(
      () => step('helm-install'),
      (s) => s?.status === 'RUNNING',
    )

    await first.stop() // what SIGTERM does to the worker
    harnesses = harnesses.filter((h) => h !== first)
    const jobRun = await database.db.jobRun.findFirstOrThrow({ where: { functionId: 'provisioning-provision-tenant' } })
    expect(jobRun).toMatchObject({ status: 'QUEUED', lockedBy: null, attempt: 0 })
    expect(jobRun.runAfter.getTime()).toBeLessThanOrEqual(Date.now())
    expect(await step('helm-install')).toEqual({ status: 'SUCCEEDED', attempt: 1 })
    expect(await step('wait-database')).toBeNull()
    expect((await database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).state).not.toBe('ACTIVE')
    expect(helm.renders).toBe(1)

    const second = startHarness(database.db, target)
    harnesses.push(second)
    expect((await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'])).state).toBe('ACTIVE')
    // The instance is ACTIVE from the record step on; the welcome email's step comes after it.
    await until(
      () => database.db.provisioningRun.findFirst({ where: { tenantId }, orderBy: { startedAt: 'desc' }, select: { status: true } }),
      (run) => run?.status === 'SUCCEEDED',
    )
    const steps = await database.db.provisioningStep.findMany({ where: { run: { tenantId } }, orderBy: { position: 'asc' } })
    expect(steps.map((s) => [s.name, s.status, s.attempt])).toEqual(PROVISION_STEPS.map((name) => [name, 'SUCCEEDED', 1]))
    expect(helm.renders).toBe(1) // helm-install came from the memo
    expect(fs.readdirSync(helmTmp)).toEqual([])
  })
})
