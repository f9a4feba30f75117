/**
 * Every shipped app (apps/<id>.json with its chart under charts/) × every one of its plans, rendered
 * by the real helm with a sample tenant's facts and held to what provisioning needs
 * (lib/apps/check-rendering.ts: Kubernetes schemas, Pod Security restricted, quota fit, Services
 * only where declared and allowed, the declared claims), with TCP ports as LoadBalancer and as
 * NodePort; the start-up check (values.schema.json, pods) for each; `helm lint --strict` clean with
 * every CI values file of its chart.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HelmCli } from '../helm/helm'
import { planSchema, type Plan } from '../plans/catalog'
import { appNeeds } from './app-needs'
import { checkAppCharts, localChartDir } from './check-catalog'
import { checkRendering, podTemplates } from './check-rendering'
import { type AppDefinition, validateAppDefinition } from './definition'
import { resolveValues } from './resolve-values'
import { SAMPLE_TENANT, sampleFactsOptions } from './sample-tenant'
import { tenantFacts } from './tenant-facts'

const APPS_DIR = path.resolve(import.meta.dirname, '../../apps')
const helm = new HelmCli()

function load(file: string): { app: AppDefinition; plans: Plan[] } {
  const json = JSON.parse(fs.readFileSync(path.join(APPS_DIR, file), 'utf8')) as { app: { id: string }; plans: object[] }
  const plans = json.plans.map((p) => planSchema.parse({ app: json.app.id, ...p }))
  const result = validateAppDefinition(json.app, { planIds: plans.map((p) => p.id), label: file })
  if (!result.ok) throw new Error(result.problems.join('\n'))
  return { app: result.app, plans }
}

const FILES = fs.readdirSync(APPS_DIR).filter((f) => f.endsWith('.json'))
const SHIPPED = FILES.map(load)

it('ships the five apps of the seed documents, each with its own plans, ids and Stripe keys unique across all', () => {
  expect(SHIPPED.map((s) => s.app.id).sort()).toEqual(['browser-sessions', 'generic', 'iot-platform', 'mechanicbuddy', 'photoprism-family'])
  const plans = SHIPPED.flatMap((s) => s.plans)
  expect(new Set(plans.map((p) => p.id)).size).toBe(plans.length)
  const keys = plans.map((p) => p.stripeLookupKey).filter(Boolean)
  expect(new Set(keys).size).toBe(keys.length)
  for (const { app, plans: own } of SHIPPED) expect(own.length, app.id).toBeGreaterThan(0)
})

describe.each(SHIPPED.map((s) => [s.app.id, s] as const))('%s', (_id, { app, plans }) => {
  const dir = localChartDir(app)!

  it('passes the start-up check on every plan (values.schema.json, pods)', () => {
    expect(checkAppCharts([app], plans)).toEqual([])
  })

  it.each(plans.flatMap((plan) => (['LoadBalancer', 'NodePort'] as const).map((type) => [plan.id, type, plan] as const)))(
    'renders on %s (TCP as %s) with every check passing',
    async (_planId, serviceType, plan) => {
      const facts = tenantFacts(app, plan, SAMPLE_TENANT, sampleFactsOptions({ tcpServiceType: serviceType }))
      const objects = await helm.template({
        name: 'instance',
        namespace: 'tenant-sample',
        chart: dir,
        values: resolveValues(app.values, facts),
      })
      expect(podTemplates(objects).length).toBeGreaterThan(0)
      expect(checkRendering({ app, plan, facts, needs: appNeeds(app, plan, serviceType), objects })).toEqual([])
    },
    60_000,
  )

  it('is helm lint --strict clean with each of its CI values files', async () => {
    const ci = path.join(dir, 'ci')
    const files = fs.existsSync(ci) ? fs.readdirSync(ci).filter((f) => f.endsWith('.yaml')) : []
    if (app.id !== 'generic') expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const values = JSON.parse(JSON.stringify(await import('js-yaml').then((y) => y.load(fs.readFileSync(path.join(ci, file), 'utf8')))))
      expect(await helm.lint(dir, values as Record<string, unknown>), file).toEqual([])
    }
  }, 120_000)
})

describe('mechanicbuddy on a cluster that serves CloudNativePG', () => {
  const { app, plans } = SHIPPED.find((s) => s.app.id === 'mechanicbuddy')!

  it.each(plans.map((p) => [p.id, p] as const))(
    'renders a Cluster instead of the StatefulSet on %s, bootstrapped from the basic-auth Secret Tenancy writes, every check passing',
    async (_id, plan) => {
      const facts = tenantFacts(app, plan, SAMPLE_TENANT, sampleFactsOptions())
      const objects = await helm.template({
        name: 'instance',
        namespace: 'tenant-sample',
        chart: localChartDir(app)!,
        values: resolveValues(app.values, facts),
        apiVersions: ['postgresql.cnpg.io/v1/Cluster'],
      })
      const cluster = objects.find((o) => o.kind === 'Cluster')!
      expect(cluster.spec).toMatchObject({
        instances: plan.limits.databaseInstances,
        bootstrap: { initdb: { secret: { name: 'database-password' } } },
      })
      expect(objects.filter((o) => o.kind === 'StatefulSet')).toEqual([])
      // The chart writes no copy of the password: the basic-auth Secret is Tenancy's (ensure-credentials).
      expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).not.toContain('database-owner')
      expect(checkRendering({ app, plan, facts, needs: appNeeds(app, plan, 'LoadBalancer'), objects })).toEqual([])
    },
    60_000,
  )
})

it('gives mechanicbuddy the instances’ mail relay with its password by reference to the credentials Secret', async () => {
  const { app, plans } = SHIPPED.find((s) => s.app.id === 'mechanicbuddy')!
  const plan = plans[0]!
  const relay = { host: 'relay.example.com', port: 587, username: 'relay', from: 'Garage <no-reply@example.com>' }
  const facts = tenantFacts(app, plan, SAMPLE_TENANT, sampleFactsOptions({ smtp: relay }))
  const objects = await helm.template({
    name: 'instance',
    namespace: 'tenant-sample',
    chart: localChartDir(app)!,
    values: resolveValues(app.values, facts),
  })
  const api = podTemplates(objects).find((t) => t.owner === 'Deployment api')!
  const env = (api.spec.containers[0] as { env: { name: string; value?: string; valueFrom?: unknown }[] }).env
  expect(env).toContainEqual({ name: 'SmtpOptions__Host', value: 'relay.example.com' })
  expect(env).toContainEqual({
    name: 'SmtpOptions__Password',
    valueFrom: { secretKeyRef: { name: 'instance-credentials', key: 'smtp-password' } },
  })
  expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(['license'])
  expect(checkRendering({ app, plan, facts, needs: appNeeds(app, plan, 'LoadBalancer'), objects })).toEqual([])
})

describe('the checks can fail', () => {
  const { app, plans } = SHIPPED.find((s) => s.app.id === 'generic')!
  const plan = plans.find((p) => p.limits.backups)!
  const render = async (values: Record<string, unknown>) =>
    helm.template({ name: 'instance', namespace: 'tenant-sample', chart: localChartDir(app)!, values })

  it('refuses a rendering over the quota, a NodePort nobody declared, and a claim the app does not declare', async () => {
    const facts = tenantFacts(app, plan, SAMPLE_TENANT, sampleFactsOptions())
    const values = resolveValues(app.values, facts) as { app: { replicas: number } }
    values.app.replicas = 5
    const objects = await render(values)
    const service = objects.find((o) => o.kind === 'Service')!
    ;(service.spec as { type: string }).type = 'NodePort'
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'stray', labels: {} },
      spec: { resources: { requests: { storage: '1Gi' } } },
    })
    const problems = checkRendering({ app, plan, facts, needs: appNeeds(app, plan, 'LoadBalancer'), objects })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^quota limits\.cpu: /),
        expect.stringMatching(new RegExp(`^Service ${service.metadata.name}: type NodePort on plan ${plan.id}`)),
        expect.stringMatching(/^claims: the chart makes \[.*stray.*\]; the app declares/),
        expect.stringMatching(/^PersistentVolumeClaim stray: lacks labels/),
      ]),
    )
  })
})
