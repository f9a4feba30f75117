import { describe, expect, it } from 'vitest'
import { findPlan, type Plan } from '../plans/catalog'
import { appNeeds, volumeClaims, volumeOfClaim } from './app-needs'
import { appDefinitionSchema, type AppDefinitionInput } from './definition'
import { sampleFactsOptions } from './sample-tenant'
import { tenantFacts } from './tenant-facts'

const plan = (changes: Partial<Plan['limits']>, id = 'pro'): Plan => {
  const base = findPlan('pro')!
  return { ...base, id, limits: { ...base.limits, ...changes } }
}

/** A stack like the shipped ones: an autoscaled pool, a gateway, a database with a claim per replica, a job only with backups. */
const input: AppDefinitionInput = {
  id: 'stack',
  name: 'Stack',
  description: '',
  chart: { path: 'charts/stack', version: '1.0.0' },
  versions: [{ chart: '1.0.0', app: '2.3.4' }],
  defaultVersion: '1.0.0',
  components: [
    { name: 'pool', cpuShare: 0.5, memoryShare: 0.5, replicas: 5, maxReplicas: 'plan.replicas' },
    { name: 'gateway', cpuShare: 0.1, memoryShare: 0.1, replicas: 1 },
    { name: 'db', cpuShare: 0.2, memoryShare: 0.2, replicas: 'plan.databaseInstances' },
    { name: 'backup', cpuShare: 0.1, memoryShare: 0.1, replicas: 1, when: 'plan.backups' },
  ],
  volumes: [
    {
      name: 'data',
      mountPath: '/var/lib/db',
      share: 0.6,
      component: 'db',
      perReplica: true,
      claim: 'data-db',
      metered: true,
      alerted: true,
      growsWithPlan: true,
    },
    { name: 'shared', mountPath: '/shared', share: 0.2, component: 'gateway', metered: false, alerted: false, growsWithPlan: false },
    {
      name: 'dumps',
      mountPath: '/dumps',
      share: 0.2,
      component: 'backup',
      metered: true,
      alerted: true,
      growsWithPlan: true,
      when: 'plan.backups',
    },
  ],
  secrets: [
    { name: 'db-password', kind: 'password' },
    { name: 's3', kind: 'accessKeyPair' },
  ],
  exposure: {
    http: [
      { host: 'instance', path: '/', service: 'gateway', port: 80 },
      { host: 'console', path: '/', service: 'gateway', port: 9001 },
    ],
    tcp: [{ name: 'mqtt', port: 1883, service: 'broker', plans: ['pro'] }],
  },
  egress: 'internet',
  health: { service: 'gateway', port: 80, path: '/healthz' },
  values: {},
}
const app = appDefinitionSchema.parse(input)
const tenant = { id: 'tnt1', slug: 'acme', customDomain: null }

describe('tenantFacts', () => {
  it('cuts an autoscaled component for its maximum, so that the quota holds at full scale', () => {
    // pro: 4000m, 8192Mi; replicas 20 → the pool's half over 20 pods.
    const facts = tenantFacts(app, plan({ replicas: 20 }), tenant, sampleFactsOptions())
    expect(facts['component.pool.replicas']).toBe(5)
    expect(facts['component.pool.maxReplicas']).toBe(20)
    expect(facts['component.pool.cpuMillicores']).toBe(100)
    expect(facts['component.pool.cpu']).toBe('100m')
    expect(facts['component.pool.cpuRequest']).toBe('50m')
    expect(facts['component.pool.memoryMiB']).toBe(204)
    expect(facts['component.gateway.maxReplicas']).toBe(1)
  })

  it('gives an absent component’s share to the present ones in proportion, and keeps declared headroom', () => {
    const without = tenantFacts(app, plan({ backups: false, replicas: 10 }), tenant, sampleFactsOptions())
    // Declared total 0.9; present 0.8 → scaled by 0.9 / 0.8: the gateway gets 0.1125 of 4000m.
    expect(without['component.gateway.cpuMillicores']).toBe(450)
    expect(without).not.toHaveProperty('component.backup.cpu')
    const total = ['pool', 'gateway', 'db'].reduce(
      (sum, c) => sum + Number(without[`component.${c}.cpuMillicores`]) * Number(without[`component.${c}.maxReplicas`]),
      0,
    )
    expect(total).toBeLessThanOrEqual(4000 * 0.9)
  })

  it('splits a per-replica volume over its claims, shares one claim ReadWriteMany among replicas, and names the claims', () => {
    const enterprise = plan({ databaseInstances: 3, storageGiB: 200 })
    const facts = tenantFacts(app, enterprise, tenant, sampleFactsOptions())
    expect(facts['volume.data.size']).toBe('40Gi') // 0.6 × 200 Gi over 3 claims
    expect(facts['volume.data.accessModes']).toEqual(['ReadWriteOnce'])
    expect(facts['volume.shared.size']).toBe('40Gi')
    expect(facts['volume.shared.accessModes']).toEqual(['ReadWriteOnce'])
    expect(volumeClaims(app, enterprise).map((c) => c.name)).toEqual(['data-db-0', 'data-db-1', 'data-db-2', 'shared', 'dumps'])
    expect(appNeeds(app, enterprise, 'NodePort')).toEqual({
      claims: 5,
      tcp: { ports: 1, services: 1, serviceType: 'NodePort' },
      egress: 'internet',
    })
  })

  it('names hosts, TCP flags and the keys of generated secrets — never a secret’s value', () => {
    const facts = tenantFacts(app, plan({}), tenant, sampleFactsOptions({ baseDomain: 'Apps.Example.COM ' }))
    expect(facts.host).toBe('acme.apps.example.com')
    expect(facts['host.console']).toBe('console-acme.apps.example.com')
    expect(facts['tcp.mqtt.enabled']).toBe(true)
    expect(tenantFacts(app, plan({}, 'free'), tenant, sampleFactsOptions())['tcp.mqtt.enabled']).toBe(false)
    expect(facts['secret.db-password']).toBe('db-password')
    expect(facts['secret.s3.accessKey']).toBe('s3-access-key')
    expect(facts['secret.s3.secretKey']).toBe('s3-secret-key')
    expect(facts['credentials.secretName']).toBe('instance-credentials')
    expect(facts['version.app']).toBe('2.3.4')
    expect(facts['tenancy.jwksUrl']).toBe('https://tenancy.example.com/.well-known/jwks.json')
    const custom = tenantFacts(app, plan({}), { ...tenant, customDomain: ' Photos.Family.org ' }, sampleFactsOptions())
    expect(custom.host).toBe('photos.family.org')
    expect(custom['host.console']).toBe('console-acme.tenants.example.com')
  })

  it('refuses a chart version the app does not list', () => {
    expect(() => tenantFacts(app, plan({}), tenant, sampleFactsOptions({ chartVersion: '9.9.9' }))).toThrow(
      'stack has no version 9.9.9 (known: 1.0.0)',
    )
  })

  it('finds the declared volume of a claim in the namespace: by name, per replica, or a CloudNativePG Cluster’s', () => {
    const operated = { ...app, volumes: app.volumes.map((v) => (v.name === 'data' ? { ...v, cnpgCluster: 'pg' } : v)) }
    expect(volumeOfClaim(operated, 'shared')?.name).toBe('shared')
    expect(volumeOfClaim(operated, 'data-db-2')?.name).toBe('data')
    expect(volumeOfClaim(operated, 'pg-4')?.name).toBe('data')
    expect(volumeOfClaim(operated, 'shared-0')).toBeUndefined()
    expect(volumeOfClaim(operated, 'data-db-x')).toBeUndefined()
    expect(volumeOfClaim(operated, 'pg-')).toBeUndefined()
    expect(volumeOfClaim(operated, 'stray')).toBeUndefined()
  })
})
