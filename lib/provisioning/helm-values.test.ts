import { describe, expect, it } from 'vitest'
import { parseQuantity } from '../k8s/quantity'
import { DEFAULT_CATALOG, findPlan, type Plan } from '../plans/catalog'
import { helmValuesFor, TLS_SECRET_NAME, type ContainerResources, type TenantChartValues } from './helm-values'

const tenant = { id: 'clx1tenant', slug: 'acme', namespace: 'tenant-acme', customDomain: null }
const options = { baseDomain: 'Apps.Example.com', licenseToken: 'header.payload.signature' }

function plan(id: string): Plan {
  const found = findPlan(id)
  if (!found) throw new Error(`no plan ${id}`)
  return found
}

const MIB = 2 ** 20
const GIB = 2 ** 30

/** Worst case of concurrently running pods: every replica, every instance, one backup, object storage. */
function totals(values: TenantChartValues) {
  const parts: [ContainerResources | undefined, number][] = [
    [values.app.resources, values.app.replicas],
    [values.database.resources, values.database.instances],
    [values.backups.resources, values.backups.enabled ? 1 : 0],
    [values.objectStorage.resources, values.objectStorage.enabled ? 1 : 0],
  ]
  const sum = (pick: (r: ContainerResources) => string) => parts.reduce((total, [r, n]) => total + (r ? parseQuantity(pick(r)) * n : 0), 0)
  const sizes = [
    values.app.persistence.size,
    ...Array.from({ length: values.database.instances }, () => values.database.persistence.size),
    values.backups.persistence?.size,
    values.objectStorage.persistence?.size,
  ].filter((s): s is string => s !== undefined)
  return {
    requestsCpu: sum((r) => r.requests.cpu),
    limitsCpu: sum((r) => r.limits.cpu),
    requestsMemory: sum((r) => r.requests.memory),
    limitsMemory: sum((r) => r.limits.memory),
    storage: sizes.reduce((total, s) => total + parseQuantity(s), 0),
    pods: parts.reduce((total, [, n]) => total + n, 0),
  }
}

describe('helmValuesFor', () => {
  it('gives the demo plan one replica, one database, no backups, storage split 2Gi + 3Gi', () => {
    const values = helmValuesFor(plan('demo'), tenant, options)
    expect(values.tenant).toEqual({ id: 'clx1tenant', slug: 'acme' })
    expect(values.app.replicas).toBe(1)
    expect(values.app.persistence).toEqual({ size: '2Gi', accessModes: ['ReadWriteOnce'] })
    expect(values.database.instances).toBe(1)
    expect(values.database.persistence).toEqual({ size: '3Gi' })
    expect(values.backups).toEqual({ enabled: false })
    expect(values.objectStorage).toEqual({ enabled: false })
    expect(values.app.resources).toEqual({ requests: { cpu: '150m', memory: '307Mi' }, limits: { cpu: '300m', memory: '614Mi' } })
    expect(values.database.resources).toEqual({ requests: { cpu: '100m', memory: '204Mi' }, limits: { cpu: '200m', memory: '409Mi' } })
    expect(values.database.config.shared_buffers).toBe('102MB')
  })

  it('gives pro two replicas sharing a ReadWriteMany volume, and backups on their own volume', () => {
    const values = helmValuesFor(plan('pro'), tenant, options)
    expect(values.app.replicas).toBe(2)
    expect(values.app.persistence).toEqual({ size: '16Gi', accessModes: ['ReadWriteMany'] })
    expect(values.database.persistence.size).toBe('24Gi')
    expect(values.backups).toMatchObject({ enabled: true, persistence: { size: '10Gi' } })
    expect(values.backups.resources?.limits).toEqual({ cpu: '400m', memory: '819Mi' })
  })

  it('gives enterprise three replicas and three database instances (HA), each instance a full-size volume', () => {
    const values = helmValuesFor(plan('enterprise'), tenant, options)
    expect(values.app.replicas).toBe(3)
    expect(values.database.instances).toBe(3)
    expect(values.database.persistence.size).toBe('32Gi')
    expect(values.app.persistence.size).toBe('64Gi')
    // Backups are capped: a dump needs little, the app and database get the rest.
    expect(values.backups.resources?.limits).toEqual({ cpu: '1', memory: '1Gi' })
  })

  it.each(DEFAULT_CATALOG.flatMap((p) => [[p.id, false] as const, [p.id, true] as const]))(
    'fits plan %s (object storage %s) inside its quota: CPU, memory, storage, pods',
    (id, objectStorage) => {
      const p = plan(id)
      const sum = totals(helmValuesFor(p, tenant, { ...options, objectStorage }))
      expect(sum.limitsCpu).toBeLessThanOrEqual(p.limits.cpuMillicores / 1000 + 1e-9)
      expect(sum.requestsCpu).toBeLessThanOrEqual(sum.limitsCpu)
      expect(sum.limitsMemory).toBeLessThanOrEqual(p.limits.memoryMiB * MIB)
      expect(sum.requestsMemory).toBeLessThanOrEqual(sum.limitsMemory)
      expect(sum.storage).toBeLessThanOrEqual(p.limits.storageGiB * GIB)
      expect(sum.pods).toBeLessThanOrEqual(p.limits.pods)
      // And it uses the plan: at least 90% of each, not a token amount.
      expect(sum.limitsCpu).toBeGreaterThanOrEqual((0.9 * p.limits.cpuMillicores) / 1000)
      expect(sum.limitsMemory).toBeGreaterThanOrEqual(0.9 * p.limits.memoryMiB * MIB)
      expect(sum.storage).toBeGreaterThanOrEqual(0.9 * p.limits.storageGiB * GIB)
    },
  )

  it('follows the plan when the operator overrides it (odd sizes round down, never up)', () => {
    const odd: Plan = {
      ...plan('pro'),
      limits: { ...plan('pro').limits, cpuMillicores: 999, memoryMiB: 1001, storageGiB: 7, replicas: 3, databaseInstances: 2 },
    }
    const values = helmValuesFor(odd, tenant, { ...options, objectStorage: true })
    const sum = totals(values)
    expect(sum.limitsCpu).toBeLessThanOrEqual(0.999)
    expect(sum.limitsMemory).toBeLessThanOrEqual(1001 * MIB)
    expect(sum.storage).toBeLessThanOrEqual(7 * GIB)
    expect(values.app.replicas).toBe(3)
    expect(values.database.instances).toBe(2)
  })

  it('takes ingress class, issuer and app version when given, and a stable TLS secret', () => {
    const values = helmValuesFor(plan('free'), tenant, {
      ...options,
      ingressClassName: 'traefik',
      clusterIssuer: 'letsencrypt-prod',
      appVersion: '2.3.4',
    })
    expect(values.ingress).toEqual({
      enabled: true,
      tlsSecretName: TLS_SECRET_NAME,
      className: 'traefik',
      clusterIssuer: 'letsencrypt-prod',
    })
    expect(values.app.image).toEqual({ tag: '2.3.4' })
    expect(helmValuesFor(plan('free'), tenant, options).app.image).toEqual({})
    expect(helmValuesFor(plan('free'), tenant, options).ingress).toEqual({ enabled: true, tlsSecretName: TLS_SECRET_NAME })
  })

  it('passes the domain and the license token, lower-casing domains', () => {
    const values = helmValuesFor(plan('pro'), { ...tenant, customDomain: ' App.Customer.COM ' }, options)
    expect(values.baseDomain).toBe('apps.example.com')
    expect(values.customDomain).toBe('app.customer.com')
    expect(values.license).toEqual({ token: 'header.payload.signature' })
    expect(helmValuesFor(plan('pro'), tenant, options).customDomain).toBe('')
  })

  it('names the guardrails ServiceAccount and lets the operator choose the app-data access mode', () => {
    const values = helmValuesFor(plan('enterprise'), tenant, { ...options, appDataAccessModes: ['ReadWriteOnce'] })
    expect(values.serviceAccountName).toBe('tenant-workload')
    expect(values.app.persistence.accessModes).toEqual(['ReadWriteOnce'])
  })

  it('is pure: the same input gives the same values', () => {
    expect(helmValuesFor(plan('pro'), tenant, options)).toEqual(helmValuesFor(plan('pro'), tenant, options))
  })
})
