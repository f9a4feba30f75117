import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../env'
import { findPlan } from '../plans/catalog'
import { DEFAULT_APPS, findApp, getApps, loadApps, mergeApps, soldApps } from './catalog'
import { dropOperatorCatalog, reloadCatalogs, useOperatorCatalog, writeConfigFile } from './testing/operator-catalog'
import type { AppDefinition, Facts } from './definition'
import { resolveValues } from './resolve-values'
import { tenantFacts } from './tenant-facts'
import { sampleFactsOptions } from './sample-tenant'

const chartYaml = fs.readFileSync(path.join(import.meta.dirname, '../../charts/tenant-instance/Chart.yaml'), 'utf8')
const chartField = (field: string) => new RegExp(`^${field}: "?([^"\\s]+)"?`, 'm').exec(chartYaml)![1]

const generic = () => findApp('generic', DEFAULT_APPS)!

describe('the built-in app catalog', () => {
  it('ships the five apps, generic first, describing charts/tenant-instance as Chart.yaml has it', () => {
    expect(DEFAULT_APPS.map((a) => a.id)).toEqual(['generic', 'photoprism-family', 'iot-platform', 'mechanicbuddy', 'browser-sessions'])
    const app = generic()
    expect(fs.existsSync(path.join(import.meta.dirname, '../..', app.chart.path!, 'Chart.yaml'))).toBe(true)
    expect(app.chart.version).toBe(chartField('version'))
    expect(app.versions).toEqual([{ chart: chartField('version'), app: chartField('appVersion') }])
    expect(app.defaultVersion).toBe(chartField('version'))
    expect(app.components.map((c) => c.name)).toEqual(['app', 'database', 'backup'])
    expect(app.volumes.map((v) => v.name)).toEqual(['app-data', 'data', 'backups'])
    expect(app.egress).toBe('dns')
  })
})

/**
 * Facts of one tenant, written out by hand from the plan and the shares helm-values.ts documents
 * (backups 10% of CPU and memory and 20% of storage when on; of the rest the app 60% / 40% of
 * storage, the database the remainder). Requests are half the limits.
 */
const tenant = { id: 'tnt_equivalence', slug: 'acme', namespace: 'tenant-acme', customDomain: ' App.Acme.COM ' }
const platform = {
  'tenant.id': tenant.id,
  'tenant.slug': tenant.slug,
  baseDomain: 'tenants.example.com',
  customDomain: 'app.acme.com',
  serviceAccountName: 'tenant-workload',
  license: 'header.payload.signature',
  'version.app': '1.0.0',
  'ingress.className': 'nginx',
  'ingress.clusterIssuer': 'letsencrypt',
  'ingress.tlsSecretName': 'app-tls',
}
const factsOptions = sampleFactsOptions({ baseDomain: 'Tenants.Example.com', licenseToken: 'header.payload.signature' })

const component = (name: string, cpu: number, memory: number, replicas: number, cpuText: string, memoryText: string) => ({
  [`component.${name}.cpuMillicores`]: cpu,
  [`component.${name}.memoryMiB`]: memory,
  [`component.${name}.cpu`]: cpuText.split('/')[0]!,
  [`component.${name}.cpuRequest`]: cpuText.split('/')[1]!,
  [`component.${name}.memory`]: memoryText.split('/')[0]!,
  [`component.${name}.memoryRequest`]: memoryText.split('/')[1]!,
  [`component.${name}.replicas`]: replicas,
})

const SAMPLES: { plan: string; facts: Facts }[] = [
  {
    // 4000m, 8192Mi, 50Gi, 2 replicas, 1 database instance, backups.
    plan: 'pro',
    facts: {
      ...platform,
      'plan.id': 'pro',
      'plan.backups': true,
      ...component('app', 1080, 2211, 2, '1080m/540m', '2211Mi/1105Mi'),
      ...component('database', 1440, 2949, 1, '1440m/720m', '2949Mi/1474Mi'),
      ...component('backup', 400, 819, 1, '400m/200m', '819Mi/409Mi'),
      'volume.app-data.size': '16Gi',
      'volume.app-data.accessModes': ['ReadWriteMany'],
      'volume.data.size': '24Gi',
      'volume.backups.size': '10Gi',
    },
  },
  {
    // 500m, 1024Mi, 5Gi, 1 replica, 1 database instance, no backups (no backup component, no backups volume).
    plan: 'demo',
    facts: {
      ...platform,
      'plan.id': 'demo',
      'plan.backups': false,
      ...component('app', 300, 614, 1, '300m/150m', '614Mi/307Mi'),
      ...component('database', 200, 409, 1, '200m/100m', '409Mi/204Mi'),
      'volume.app-data.size': '2Gi',
      'volume.app-data.accessModes': ['ReadWriteOnce'],
      'volume.data.size': '3Gi',
    },
  },
]

describe('generic: the facts of a tenant, and the values its mapping gives', () => {
  it.each(SAMPLES)('computes the facts written out by hand for $plan, from the shares generic declares', ({ plan: planId, facts }) => {
    const computed = tenantFacts(generic(), findPlan(planId)!, tenant, factsOptions)
    expect(computed).toMatchObject(facts)
    // Nothing of an absent component or volume (no backups on demo).
    if (!findPlan(planId)!.limits.backups) {
      expect(Object.keys(computed).filter((k) => k.startsWith('component.backup.') || k.startsWith('volume.backups.'))).toEqual([])
    }
  })

  it('maps the facts to the chart values charts/tenant-instance reads', () => {
    const values = resolveValues(generic().values, tenantFacts(generic(), findPlan('pro')!, tenant, factsOptions)) as Record<
      string,
      unknown
    >
    expect(values.app).toEqual({
      image: { tag: '1.0.0' },
      replicas: 2,
      resources: { requests: { cpu: '540m', memory: '1105Mi' }, limits: { cpu: '1080m', memory: '2211Mi' } },
      persistence: { size: '16Gi', accessModes: ['ReadWriteMany'] },
    })
    expect(values.database).toMatchObject({ instances: 1, config: { shared_buffers: '737MB', max_connections: '100' } })
    expect(values.backups).toMatchObject({ enabled: true, persistence: { size: '10Gi' } })
    expect(values.customDomain).toBe('app.acme.com')
    expect(values.license).toEqual({ token: 'header.payload.signature' })
  })
})

const appsFile = (contents: unknown) => writeConfigFile('apps.json', contents)

/** A valid operator app, in the JSON an operator writes. */
const notes = {
  id: 'notes',
  name: 'Notes',
  description: 'A notes app.',
  chart: { oci: 'oci://registry.example.com/charts/notes', version: '1.2.0' },
  versions: [{ chart: '1.2.0', app: '4.1.0' }],
  defaultVersion: '1.2.0',
  components: [{ name: 'web', cpuShare: 1, memoryShare: 1, replicas: 'plan.replicas' }],
  secrets: [{ name: 'db-password', kind: 'password' }],
  exposure: { http: [{ host: 'instance', path: '/', service: 'web', port: 80 }] },
  egress: 'none',
  health: { service: 'web', port: 80, path: '/healthz' },
  values: { 'ingress.host': { fact: 'host' }, 'db.password': { fact: 'secret.db-password' } },
}

/** A whole plan for the operator's app, as PLANS_FILE holds it. */
const notesPlan = {
  ...findPlan('free')!,
  id: 'notes-team',
  app: 'notes',
  name: 'Team',
  priceCents: 900,
  requiresPayment: true,
  stripeLookupKey: 'notes_team_monthly',
}

describe('operator apps (APPS_FILE)', () => {
  afterEach(() => {
    dropOperatorCatalog()
  })

  it('adds an app of a new id and replaces the built-in app of the same id whole', () => {
    const apps = mergeApps(DEFAULT_APPS, { apps: [notes, { ...notes, id: 'generic', name: 'Our generic' }] })
    expect(apps.map((a) => a.id)).toEqual([...DEFAULT_APPS.map((a) => a.id), 'notes'])
    expect(findApp('generic', apps)).toMatchObject({ name: 'Our generic', chart: { oci: notes.chart.oci }, components: [{ name: 'web' }] })
    expect(findApp('notes', apps)).toMatchObject({ egress: 'none', exposure: { tcp: [] }, meters: [] })
  })

  it('is what getApps and findApp use when APPS_FILE is set (its plans from PLANS_FILE); without it the built-in catalog', () => {
    expect(getApps()).toBe(DEFAULT_APPS)
    useOperatorCatalog({ apps: [notes], plans: [notesPlan] })
    expect(getApps().map((a) => a.id)).toEqual([...DEFAULT_APPS.map((a) => a.id), 'notes'])
    expect(findApp('notes')!.chart.version).toBe('1.2.0')
    expect(findPlan('notes-team')).toMatchObject({ app: 'notes', priceCents: 900 })
    expect(findApp('no-such-app')).toBeUndefined()
  })

  it.each([
    ['an app without a plan', { apps: [notes] }, null, /^Invalid configuration: APPS_FILE apps\.notes: no plan belongs to it/],
    [
      'a plan of an app that does not exist',
      null,
      { plans: [{ ...notesPlan, app: 'notez' }] },
      /^Invalid configuration: PLANS_FILE plan "notes-team"\.app: unknown app "notez" \(known: /,
    ],
    [
      'a TCP port on a plan of another app',
      { apps: [{ ...notes, exposure: { tcp: [{ name: 'mqtt', port: 1883, service: 'web', plans: ['pro'] }] } }] },
      { plans: [notesPlan] },
      /^Invalid configuration: APPS_FILE apps\.notes\.exposure\.tcp\[0\]\.plans\[0\]: unknown plan "pro" \(known: notes-team\)$/,
    ],
  ])('refuses %s, with one line naming it', (_name, apps, plans, expected) => {
    useOperatorCatalog({ apps: apps?.apps, plans: plans?.plans })
    expect(() => getApps()).toThrow(expected)
  })

  it('refuses APPS_SOLD naming an app the catalog does not have', () => {
    process.env.APPS_SOLD = 'generic, photo-prism'
    reloadCatalogs()
    expect(() => getApps()).toThrow(/^Invalid configuration: APPS_SOLD "photo-prism" is not an app of the catalog \(known: generic/)
  })

  it('sells what APPS_SOLD lists, in its order, and every app when it is empty', () => {
    expect(soldApps().map((a) => a.id)).toEqual(DEFAULT_APPS.map((a) => a.id))
    process.env.APPS_SOLD = 'generic'
    reloadCatalogs()
    expect(soldApps().map((a) => a.id)).toEqual(['generic'])
  })

  it('refuses, at start, an app whose values break its chart’s values.schema.json on a plan', () => {
    const broken = structuredClone(generic()) as AppDefinition & { values: Record<string, unknown> }
    broken.values['app.replicas'] = { value: 'two' }
    useOperatorCatalog({ apps: [broken] })
    expect(() => getApps()).toThrow(
      /^Invalid configuration: APPS_FILE apps\.generic on plan demo: values\/app\/replicas: must be integer \(and \d+ more\)$/,
    )
  })

  it.each([
    ['a missing file', null, /^Invalid configuration: APPS_FILE no such file$/],
    ['not JSON', '{ apps: ', /^Invalid configuration: APPS_FILE not valid JSON/],
    ['another top-level key', { apps: [], plans: [] }, /^Invalid configuration: APPS_FILE the file: only "apps" is allowed/],
    ['apps that is not a list', { apps: {} }, /^Invalid configuration: APPS_FILE apps: /],
    [
      'two chart sources',
      { apps: [{ ...notes, chart: { ...notes.chart, path: 'charts/notes' } }] },
      /^Invalid configuration: APPS_FILE apps\.notes\.chart: give exactly one source: path, repository \+ chart, or oci \(got path and oci\)$/,
    ],
    [
      'an unknown fact',
      { apps: [{ ...notes, values: { 'db.password': { fact: 'secret.db-pass' } } }] },
      /^Invalid configuration: APPS_FILE apps\.notes\.values\["db\.password"\]: unknown fact "secret\.db-pass" \(known: secret\.db-password\)$/,
    ],
    [
      'a TCP port on an unknown plan',
      { apps: [{ ...notes, exposure: { tcp: [{ name: 'mqtt', port: 1883, service: 'web', plans: ['gold'] }] } }] },
      /^Invalid configuration: APPS_FILE apps\.notes\.exposure\.tcp\[0\]\.plans\[0\]: unknown plan "gold"/,
    ],
    ['an entry without a usable id', { apps: [{ ...notes, id: 7 }] }, /^Invalid configuration: APPS_FILE apps\[0\]\.id: /],
    ['the same app twice', { apps: [notes, notes] }, /^Invalid configuration: APPS_FILE apps\[1\]\.id: "notes" appears twice$/],
    [
      'several problems (the first, and how many more)',
      { apps: [{ ...notes, name: '', egress: 'all' }] },
      /^Invalid configuration: APPS_FILE apps\.notes\.\w+: .* \(and 1 more\)$/,
    ],
  ])('refuses %s with one line naming the field', (_name, contents, expected) => {
    let message = ''
    try {
      loadApps(contents === null ? path.join(os.tmpdir(), 'no-such-dir-tenancy', 'apps.json') : appsFile(contents))
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      message = (error as Error).message
    }
    expect(message).toMatch(expected)
    expect(message).not.toContain('\n')
  })
})
