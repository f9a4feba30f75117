// Every shipped app provisioned by the real workflow on the dry-run cluster (its own chart rendered
// by the real helm, every manifest validated): the tenant records its app's version, the
// credentials Secret holds exactly the keys the app declares (and the owner's email), the
// guardrails carry the app's egress, and a plan change to a bigger plan of the same app runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPS } from '../apps/catalog'
import { accessKeyPairKeys } from '../apps/tenant-facts'
import { HelmCli } from '../helm/helm'
import { jobs } from '../jobs/jobs'
import { createDryRunKube } from '../k8s/dry-run'
import { validateManifest } from '../k8s/validate'
import { plansOf } from '../plans/catalog'
import { useTestDatabase } from '../testing/use-test-database'
import { CREDENTIALS_SECRET } from './steps/ensure-credentials'
import { finishedRun, newTenant, startHarness, waitForState, type Harness } from './testing/harness'

const database = useTestDatabase({ jobs: false })
let harness: Harness
const kube = createDryRunKube({ validate: validateManifest })

beforeAll(async () => {
  harness = startHarness(database.db, { mode: 'dry-run', kube, helm: new HelmCli() })
})
afterAll(async () => {
  await harness?.stop()
})

describe.each(DEFAULT_APPS.map((app) => [app.id, app] as const))('%s on the dry-run cluster', (_id, app) => {
  const plans = plansOf(app.id).filter((p) => p.priceCents !== null)
  const smallest = plans[0]!
  const bigger = plans.find((p) => p.limits.cpuMillicores > smallest.limits.cpuMillicores)!

  it('provisions from its own chart and definition, then changes to a bigger plan of the same app', async () => {
    const { tenantId } = await newTenant(database.db, smallest.id)
    const tenant = await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'], 120_000)
    const run = await finishedRun(database.db, tenantId, 'PROVISION', 120_000)
    expect(tenant.state, JSON.stringify(run.steps.filter((s) => s.status !== 'SUCCEEDED'))).toBe('ACTIVE')
    expect(tenant).toMatchObject({
      appId: app.id,
      planId: smallest.id,
      appVersion: app.versions.find((v) => v.chart === app.defaultVersion)!.app,
    })

    const secret = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: CREDENTIALS_SECRET, namespace: tenant.namespace })
    const keys = Object.keys((secret!.stringData ?? secret!.data) as Record<string, string>).sort()
    const declared = app.secrets.flatMap((s) => (s.kind === 'accessKeyPair' ? Object.values(accessKeyPairKeys(s.name)) : [s.name]))
    expect(keys).toEqual([...declared, 'admin-email'].sort())
    const password = (key: string) => {
      const plain = (secret!.stringData as Record<string, string> | undefined)?.[key]
      return plain ?? Buffer.from((secret!.data as Record<string, string>)[key]!, 'base64').toString()
    }
    for (const basic of app.secrets.filter((s) => s.kind === 'basicAuth')) {
      const own = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: basic.name, namespace: tenant.namespace })
      expect(own, basic.name).toMatchObject({
        type: 'kubernetes.io/basic-auth',
        stringData: { username: basic.username, password: password(basic.name) },
      })
    }

    const policies = (await kube.list('networking.k8s.io/v1', 'NetworkPolicy', { namespace: tenant.namespace })).map((p) => p.metadata.name)
    expect(policies.includes('allow-dns')).toBe(app.egress !== 'none')
    expect(policies.includes('allow-internet')).toBe(app.egress === 'internet')
    expect(run.steps.find((s) => s.name === 'helm-install')!.message).toMatch(/^Rendered \d+ objects with helm template and validated them/)

    await jobs.send({ name: 'tenant/plan-change.requested', data: { tenantId, toPlanId: bigger.id } })
    const changed = await finishedRun(database.db, tenantId, 'CHANGE_PLAN', 120_000)
    expect(changed.status, JSON.stringify(changed.steps)).toBe('SUCCEEDED')
    expect((await database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).planId).toBe(bigger.id)
  }, 240_000)
})
