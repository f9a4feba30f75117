/**
 * The tenant chart, rendered by the real helm binary for every plan: lint-clean, schema-valid,
 * isolated (Pod Security restricted, no host access, no external Services), labelled, with stable
 * volume names, and small enough for the namespace quota that the guardrails apply.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import type { KubeObject } from '../k8s/port'
import { parseQuantity } from '../k8s/quantity'
import { validateManifests } from '../k8s/validate'
import { DEFAULT_CATALOG, type Plan } from '../plans/catalog'
import { tenantQuota } from '../provisioning/guardrails'
import { appNeeds } from '../apps/app-needs'
import {
  ALLOWED_VOLUME_TYPES,
  claimNames,
  type Container,
  podCharge,
  podTemplates,
  type PodSpec,
  storageRequests,
} from '../apps/check-rendering'
import { genericApp, genericValues, genericWithObjectStorage } from '../apps/testing/generic'
import type { ChartValues } from '../apps/resolve-values'
import { HelmCli } from './helm'

const CHART = path.resolve(import.meta.dirname, '../../charts/tenant-instance')
const NAMESPACE = 'tenant-acme'
const TENANT = { id: 'clx1tenant0001', slug: 'acme', namespace: NAMESPACE }
const BASE_DOMAIN = 'apps.example.com'
const CUSTOM_DOMAIN = 'portal.customer.io'
const OPTIONS = {
  baseDomain: BASE_DOMAIN,
  licenseToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0In0.c2lnbmF0dXJl',
  ingressClassName: 'nginx-test',
  clusterIssuer: 'issuer-test',
}

interface Rendering {
  plan: Plan
  customDomain: string | null
  objectStorage: boolean
  values: ChartValues
  objects: KubeObject[]
}

const helm = new HelmCli()
const renderings: Rendering[] = []
const lints = new Map<string, string[]>()

const PLANS = DEFAULT_CATALOG.filter((p) => p.app === 'generic')
/**
 * What provisioning gives the tenant: generic's mapping over its facts (with the chart's object
 * storage: generic as an operator may extend it).
 */
const valuesFor = (plan: Plan, customDomain: string | null, objectStorage: boolean) =>
  genericValues(plan, { ...TENANT, customDomain }, OPTIONS, objectStorage ? genericWithObjectStorage() : undefined)

const CASES = PLANS.flatMap((plan) => [
  { plan, customDomain: null, objectStorage: false },
  { plan, customDomain: CUSTOM_DOMAIN, objectStorage: false },
  { plan, customDomain: null, objectStorage: true },
])

function label(r: Pick<Rendering, 'plan' | 'customDomain' | 'objectStorage'>): string {
  return `${r.plan.id}${r.customDomain ? ' + custom domain' : ''}${r.objectStorage ? ' + object storage' : ''}`
}

beforeAll(async () => {
  // Sequential: the machine's two cores are shared.
  for (const c of CASES) {
    const values = valuesFor(c.plan, c.customDomain, c.objectStorage)
    const objects = await helm.template({ name: 'instance', namespace: NAMESPACE, chart: CHART, values })
    renderings.push({ ...c, values, objects })
  }
  for (const plan of PLANS) {
    const values = valuesFor(plan, CUSTOM_DOMAIN, true)
    lints.set(plan.id, await helm.lint(CHART, values))
    lints.set(`${plan.id} defaults`, await helm.lint(CHART, valuesFor(plan, null, false)))
  }
}, 180_000)

function find(objects: KubeObject[], kind: string, name: string): KubeObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name)
}

describe.each(CASES.map((c) => [label(c), c] as const))('chart for %s', (name, c) => {
  const rendering = () => {
    const found = renderings.find((r) => label(r) === name)
    if (!found) throw new Error(`not rendered: ${name}`)
    return found
  }

  it('renders manifests that pass the Kubernetes schemas', () => {
    const { objects } = rendering()
    expect(objects.length).toBeGreaterThanOrEqual(9)
    expect(validateManifests(objects)).toEqual([])
  })

  it('passes Pod Security restricted in every pod template, with no host access', () => {
    const templates = podTemplates(rendering().objects)
    expect(templates.map((t) => t.owner).sort()).toEqual(
      [
        'Deployment app',
        'StatefulSet postgres',
        ...(c.plan.limits.backups ? ['CronJob backup'] : []),
        ...(c.objectStorage ? ['Deployment object-storage'] : []),
      ].sort(),
    )
    for (const { owner, spec } of templates) {
      const where = `${owner}`
      expect(spec.hostNetwork ?? false, where).toBe(false)
      expect(spec.hostPID ?? false, where).toBe(false)
      expect(spec.hostIPC ?? false, where).toBe(false)
      expect(spec.automountServiceAccountToken, where).toBe(false)
      expect(spec.serviceAccountName, where).toBe('tenant-workload')
      expect(spec.securityContext?.runAsNonRoot, where).toBe(true)
      expect(spec.securityContext?.runAsUser, where).toBeGreaterThan(0)
      expect(spec.securityContext?.seccompProfile?.type, where).toBe('RuntimeDefault')
      for (const volume of spec.volumes ?? []) {
        const types = Object.keys(volume).filter((k) => k !== 'name')
        expect(types.length, `${where} volume ${String(volume.name)}`).toBe(1)
        expect(ALLOWED_VOLUME_TYPES.has(types[0]!), `${where} volume ${String(volume.name)} is ${types[0]}`).toBe(true)
      }
      for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
        const at = `${where} container ${container.name}`
        const sc = container.securityContext
        expect(sc?.privileged ?? false, at).toBe(false)
        expect(sc?.allowPrivilegeEscalation, at).toBe(false)
        expect(sc?.capabilities?.drop, at).toContain('ALL')
        expect(sc?.capabilities?.add ?? [], at).toEqual([])
        expect(sc?.readOnlyRootFilesystem, at).toBe(true)
        expect(sc?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot, at).toBe(true)
        expect(sc?.runAsUser ?? 1, at).toBeGreaterThan(0)
        for (const port of container.ports ?? []) expect(port.hostPort, at).toBeUndefined()
        for (const key of ['requests', 'limits'] as const) {
          expect(container.resources?.[key]?.cpu, `${at} ${key}.cpu`).toBeDefined()
          expect(container.resources?.[key]?.memory, `${at} ${key}.memory`).toBeDefined()
        }
      }
    }
  })

  it('keeps secrets out of the manifests: env takes them from the credentials Secret', () => {
    const { objects, values } = rendering()
    for (const { owner, spec } of podTemplates(objects)) {
      for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
        for (const env of container.env ?? []) {
          if (/PASSWORD|SECRET|TOKEN/.test(env.name)) {
            expect(env.value, `${owner} ${container.name} ${env.name}`).toBeUndefined()
            expect(env.valueFrom, `${owner} ${container.name} ${env.name}`).toMatchObject({
              secretKeyRef: { name: 'instance-credentials' },
            })
          }
        }
      }
    }
    const secrets = objects.filter((o) => o.kind === 'Secret')
    expect(secrets.map((s) => s.metadata.name)).toEqual(['license'])
    expect(Buffer.from((secrets[0]!.data as Record<string, string>)['license.jwt']!, 'base64').toString()).toBe(
      (values.license as { token: string }).token,
    )
  })

  it('uses images without a registry host', () => {
    for (const { spec } of podTemplates(rendering().objects)) {
      for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
        const image = container.image ?? ''
        expect(image, container.name).not.toBe('')
        // Docker's rule: a first path component with a dot or a port, or "localhost", is a registry host.
        const [first, ...rest] = image.split('/')
        const hasRegistryHost = rest.length > 0 && (first!.includes('.') || first!.includes(':') || first === 'localhost')
        expect(hasRegistryHost, image).toBe(false)
      }
    }
  })

  it('exposes only ClusterIP Services', () => {
    const services = rendering().objects.filter((o) => o.kind === 'Service')
    expect(services.map((s) => s.metadata.name).sort()).toEqual(
      ['app', ...(c.objectStorage ? ['object-storage'] : []), 'postgres', 'postgres-headless'].sort(),
    )
    for (const service of services) {
      const spec = service.spec as { type?: string; externalIPs?: unknown; ports: { nodePort?: number }[] }
      expect(spec.type ?? 'ClusterIP', service.metadata.name).toBe('ClusterIP')
      expect(spec.externalIPs, service.metadata.name).toBeUndefined()
      for (const port of spec.ports) expect(port.nodePort).toBeUndefined()
    }
  })

  it('labels every object, pod template and volume claim template with the tenant', () => {
    const { objects } = rendering()
    const required = {
      'tenancy.dev/tenant': TENANT.id,
      'tenancy.dev/managed-by': 'tenancy',
      'app.kubernetes.io/part-of': 'tenant-instance',
    }
    for (const o of objects) {
      expect(o.metadata.labels, `${o.kind} ${o.metadata.name}`).toMatchObject({ ...required, 'app.kubernetes.io/managed-by': 'Helm' })
      expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}: helm sets the namespace, the chart does not`).toBeUndefined()
    }
    for (const t of podTemplates(objects)) {
      expect(t.labels, t.owner).toMatchObject(required)
      // A chart-only upgrade must not restart pods (the database least of all).
      expect(t.labels, t.owner).not.toHaveProperty('helm.sh/chart')
    }
    const sts = find(objects, 'StatefulSet', 'postgres')!
    for (const template of (sts.spec as { volumeClaimTemplates: { metadata: { labels: Record<string, string> } }[] })
      .volumeClaimTemplates) {
      expect(template.metadata.labels).toMatchObject(required)
      // volumeClaimTemplates are immutable: nothing in them may change with the chart or app version.
      expect(template.metadata.labels).not.toHaveProperty('helm.sh/chart')
      expect(template.metadata.labels).not.toHaveProperty('app.kubernetes.io/version')
    }
  })

  it('names volumes stably, as metering expects', () => {
    const { objects } = rendering()
    const expected = ['app-data', ...Array.from({ length: c.plan.limits.databaseInstances }, (_, i) => `data-postgres-${i}`)]
    if (c.plan.limits.backups) expected.push('backups')
    if (c.objectStorage) expected.push('object-data')
    expect(claimNames(objects)).toEqual(expected.sort())
    const deployment = find(objects, 'Deployment', 'app')!
    const volumes = (deployment.spec as { template: { spec: PodSpec } }).template.spec.volumes ?? []
    expect(volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'app-data' } })
  })

  it('runs the plan: replicas, database instances, backups exactly when the plan has them', () => {
    const { objects } = rendering()
    expect((find(objects, 'Deployment', 'app')!.spec as { replicas: number }).replicas).toBe(c.plan.limits.replicas)
    expect((find(objects, 'StatefulSet', 'postgres')!.spec as { replicas: number }).replicas).toBe(c.plan.limits.databaseInstances)
    const cronJobs = objects.filter((o) => o.kind === 'CronJob')
    expect(cronJobs.map((o) => o.metadata.name)).toEqual(c.plan.limits.backups ? ['backup'] : [])
    const standby = (find(objects, 'StatefulSet', 'postgres')!.spec as { template: { spec: PodSpec } }).template.spec.initContainers ?? []
    expect(standby.map((i) => i.name)).toEqual(c.plan.limits.databaseInstances > 1 ? ['clone-primary'] : [])
  })

  it('serves the instance host over TLS through the configured class and issuer', () => {
    const { objects } = rendering()
    const host = c.customDomain ?? `${TENANT.slug}.${BASE_DOMAIN}`
    const ingresses = objects.filter((o) => o.kind === 'Ingress')
    expect(ingresses).toHaveLength(1)
    const ingress = ingresses[0]!
    const spec = ingress.spec as {
      ingressClassName: string
      tls: { hosts: string[]; secretName: string }[]
      rules: { host: string; http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[]
    }
    expect(spec.ingressClassName).toBe('nginx-test')
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'issuer-test' })
    expect(spec.tls).toEqual([{ hosts: [host], secretName: 'app-tls' }])
    expect(spec.rules.map((r) => r.host)).toEqual([host])
    const backend = spec.rules[0]!.http.paths[0]!.backend.service
    expect(backend).toEqual({ name: 'app', port: { name: 'http' } })
    const service = find(objects, 'Service', 'app')!
    expect((service.spec as { ports: { name: string }[] }).ports.map((p) => p.name)).toContain('http')
    const app = find(objects, 'Deployment', 'app')!
    const env = (app.spec as { template: { spec: PodSpec } }).template.spec.containers[0]!.env ?? []
    expect(env).toContainEqual({ name: 'APP_URL', value: `https://${host}` })
  })

  it('fits the namespace quota of the plan, counting every pod that can run at once', () => {
    const { objects } = rendering()
    const quota = tenantQuota(c.plan, appNeeds(c.objectStorage ? genericWithObjectStorage() : genericApp(), c.plan, 'LoadBalancer'))
    const templates = podTemplates(objects)
    // Pods beyond the replica counts would break the sums below: no surge, one backup at a time.
    for (const o of objects.filter((x) => x.kind === 'Deployment')) {
      const strategy = (o.spec as { strategy: { type: string; rollingUpdate?: { maxSurge?: number } } }).strategy
      if (strategy.type !== 'Recreate') expect(strategy.rollingUpdate?.maxSurge, o.metadata.name).toBe(0)
    }
    for (const o of objects.filter((x) => x.kind === 'CronJob'))
      expect((o.spec as { concurrencyPolicy: string }).concurrencyPolicy).toBe('Forbid')

    const sum = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
      templates.reduce((total, t) => total + t.count * podCharge(t.spec, kind, resource), 0)
    const fits = (used: number, hard: string | undefined, what: string) => {
      expect(hard, what).toBeDefined()
      expect(used, `${what}: ${used} > ${hard}`).toBeLessThanOrEqual(parseQuantity(hard!) * (1 + 1e-9))
    }
    fits(sum('requests', 'cpu'), quota['requests.cpu'], 'requests.cpu')
    fits(sum('limits', 'cpu'), quota['limits.cpu'], 'limits.cpu')
    fits(sum('requests', 'memory'), quota['requests.memory'], 'requests.memory')
    fits(sum('limits', 'memory'), quota['limits.memory'], 'limits.memory')
    fits(storageRequests(objects), quota['requests.storage'], 'requests.storage')
    fits(
      templates.reduce((total, t) => total + t.count, 0),
      quota.pods,
      'pods',
    )
    fits(claimNames(objects).length, quota.persistentvolumeclaims, 'persistentvolumeclaims')
    fits(objects.filter((o) => o.kind === 'Service').length, quota.services, 'services')
    fits(objects.filter((o) => o.kind === 'ConfigMap').length, quota.configmaps, 'configmaps')
    // license, the credentials Secret, the TLS Secret and helm's release history (--history-max 5, plus the one being written).
    fits(objects.filter((o) => o.kind === 'Secret').length + 2 + 6, quota.secrets, 'secrets')
    // And each container fits the LimitRange's per-container maximum (the plan).
    for (const t of templates) {
      for (const container of [...t.spec.containers, ...(t.spec.initContainers ?? [])]) {
        expect(parseQuantity(container.resources!.limits!.cpu!)).toBeLessThanOrEqual(c.plan.limits.cpuMillicores / 1000)
        expect(parseQuantity(container.resources!.limits!.memory!)).toBeLessThanOrEqual(c.plan.limits.memoryMiB * 2 ** 20)
      }
    }
  })
})

describe('app replicas and the app-data access mode', () => {
  const affinityOf = async (planId: string, appDataAccessModes?: ('ReadWriteOnce' | 'ReadWriteMany')[]) => {
    const plan = PLANS.find((p) => p.id === planId)!
    const values = valuesFor(plan, null, false) as { app: { persistence: { accessModes: string[] } } }
    if (appDataAccessModes) values.app.persistence.accessModes = appDataAccessModes
    const objects = await helm.template({ name: 'instance', namespace: NAMESPACE, chart: CHART, values })
    return (find(objects, 'Deployment', 'app')!.spec as { template: { spec: { affinity?: Record<string, unknown> } } }).template.spec
      .affinity
  }

  it('spreads replicas that share a ReadWriteMany volume, keeps ReadWriteOnce replicas on one node, leaves one replica alone', async () => {
    expect(Object.keys((await affinityOf('enterprise')) ?? {})).toEqual(['podAntiAffinity'])
    const together = await affinityOf('enterprise', ['ReadWriteOnce'])
    expect(together).toEqual({
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/instance': 'instance' } },
          },
        ],
      },
    })
    expect(await affinityOf('free')).toBeUndefined()
  })
})

describe('shell scripts in the chart', () => {
  it('parse as POSIX sh (the standby clone, the replication setup, the backup)', async () => {
    const enterprise = renderings.find((r) => r.plan.id === 'enterprise' && !r.customDomain && !r.objectStorage)!
    const scripts = Object.entries((find(enterprise.objects, 'ConfigMap', 'postgres-scripts')!.data ?? {}) as Record<string, string>)
    const backup = podTemplates(enterprise.objects).find((t) => t.owner === 'CronJob backup')!.spec.containers[0] as Container & {
      command: string[]
    }
    expect(backup.command.slice(0, 2)).toEqual(['/bin/sh', '-ec'])
    scripts.push(['backup', backup.command[2]!])
    expect(scripts.map(([name]) => name).sort()).toEqual(['10-replication.sh', 'backup', 'clone-primary.sh'])
    for (const [name, script] of scripts) {
      await expect(promisify(execFile)('/bin/sh', ['-n', '-c', script]), name).resolves.toBeDefined()
    }
    await expect(promisify(execFile)('/bin/sh', ['-n', '-c', 'if then fi']), 'a broken script is caught').rejects.toThrow()
  })
})

describe('helm lint --strict', () => {
  it.each(PLANS.map((p) => p.id))('is clean for plan %s (custom domain, object storage) and with its defaults', (id) => {
    expect(lints.get(id)).toEqual([])
    expect(lints.get(`${id} defaults`)).toEqual([])
  })
})
