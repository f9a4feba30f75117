import { describe, expect, it } from 'vitest'
import { type AppDefinitionInput, checkAppDefinition, FACT_NAMES, knownFacts, validateAppDefinition } from './definition'

const PLANS = ['demo', 'free', 'pro', 'enterprise']

/** A small valid app; each case below breaks one thing. */
function app(overrides: Partial<AppDefinitionInput> = {}): AppDefinitionInput {
  return {
    id: 'notes',
    name: 'Notes',
    description: 'A notes app.',
    chart: { path: 'charts/notes', version: '1.2.0' },
    versions: [
      { chart: '1.2.0', app: '4.1.0' },
      { chart: '1.1.0', app: '4.0.3' },
    ],
    defaultVersion: '1.2.0',
    components: [
      { name: 'web', cpuShare: 0.6, memoryShare: 0.5, replicas: 'plan.replicas' },
      { name: 'db', cpuShare: 0.4, memoryShare: 0.5, replicas: 1 },
    ],
    volumes: [{ name: 'files', mountPath: '/files', share: 1, metered: true, alerted: true, growsWithPlan: true }],
    secrets: [
      { name: 'db-password', kind: 'password' },
      { name: 'session-key', kind: 'hexKey', length: 64 },
      { name: 's3', kind: 'accessKeyPair' },
    ],
    exposure: { http: [{ host: 'instance', path: '/', service: 'web', port: 80 }], tcp: [] },
    egress: 'dns',
    health: { service: 'web', port: 80, path: '/healthz' },
    values: {
      'ingress.host': { fact: 'host' },
      'web.resources.limits.cpu': { fact: 'component.web.cpu' },
      'db.password': { fact: 'secret.db-password' },
      's3.accessKey': { fact: 'secret.s3.accessKey' },
      'files.size': { fact: 'volume.files.size' },
      'web.logLevel': { value: 'info' },
    },
    ...overrides,
  }
}

function problemsOf(input: AppDefinitionInput): string[] {
  const result = validateAppDefinition(input, { planIds: PLANS, label: 'apps[0]' })
  if (result.ok) throw new Error('expected the definition to be refused')
  return result.problems
}

describe('app definition', () => {
  it('accepts a complete definition, with defaults for what it does not declare', () => {
    const result = validateAppDefinition(app(), { planIds: PLANS, label: 'apps[0]' })
    expect(result).toMatchObject({ ok: true, app: { id: 'notes', meters: [], entitlements: [], seats: null } })
  })

  it('accepts each of the three chart sources, each pinned', () => {
    for (const chart of [
      { path: '/opt/charts/notes', version: '1.2.0' },
      { repository: 'https://charts.example.com/stable', chart: 'notes', version: '1.2.0' },
      { oci: 'oci://registry.example.com/charts/notes', version: '1.2.0' },
    ]) {
      expect(validateAppDefinition(app({ chart }), { planIds: PLANS, label: 'apps[0]' }).ok).toBe(true)
    }
  })

  it.each<[string, Partial<AppDefinitionInput>, string]>([
    [
      'two chart sources at once',
      { chart: { path: 'charts/notes', oci: 'oci://registry.example.com/charts/notes', version: '1.2.0' } },
      'apps.notes.chart: give exactly one source: path, repository + chart, or oci (got path and oci)',
    ],
    [
      'no chart source',
      { chart: { version: '1.2.0' } },
      'apps.notes.chart: give exactly one source: path, repository + chart, or oci (got none)',
    ],
    [
      'a repository without the chart name',
      { chart: { repository: 'https://charts.example.com', version: '1.2.0' } },
      'apps.notes.chart.chart: is required with repository',
    ],
    [
      'an unpinned chart version',
      { chart: { path: 'charts/notes', version: '^1.2' } },
      'apps.notes.chart.version: must be a pinned version',
    ],
    [
      'an unpinned version in versions',
      { versions: [{ chart: 'latest', app: '4' }] },
      'apps.notes.versions[0].chart: must be a pinned version like 1.2.3',
    ],
    [
      'a defaultVersion not in versions',
      { defaultVersion: '2.0.0' },
      'apps.notes.defaultVersion: "2.0.0" is not in versions (1.2.0, 1.1.0)',
    ],
    [
      'CPU shares over 1',
      {
        components: [
          { name: 'web', cpuShare: 0.7, memoryShare: 0.5, replicas: 1 },
          { name: 'db', cpuShare: 0.4, memoryShare: 0.5, replicas: 1 },
        ],
      },
      'apps.notes.components: CPU shares sum to 1.1 (at most 1)',
    ],
    [
      'memory shares over 1',
      {
        components: [
          { name: 'web', cpuShare: 0.5, memoryShare: 0.8, replicas: 1 },
          { name: 'db', cpuShare: 0.4, memoryShare: 0.5, replicas: 1 },
        ],
      },
      'apps.notes.components: memory shares sum to 1.3 (at most 1)',
    ],
    [
      'a component twice',
      {
        components: [
          { name: 'web', cpuShare: 0.5, memoryShare: 0.5, replicas: 1 },
          { name: 'web', cpuShare: 0.4, memoryShare: 0.5, replicas: 1 },
        ],
      },
      'apps.notes.components: "web" appears twice',
    ],
    ['an id that is not kebab-case', { id: 'My_App' }, 'apps[0].id: must be kebab-case'],
    ['an unknown egress', { egress: 'everything' as 'none' }, 'apps.notes.egress: '],
    [
      'an unknown secret kind',
      { secrets: [{ name: 'k', kind: 'rsaKey' as 'password' }] },
      'apps.notes.secrets[0].kind: must be one of: password, hexKey, accessKeyPair, basicAuth',
    ],
    [
      'a value path that is not a dot path',
      { values: { 'ingress..host': { fact: 'host' } } },
      'apps.notes.values["ingress..host"]: must be a dot path',
    ],
    [
      'a value path inside another',
      { values: { ingress: { value: {} }, 'ingress.host': { fact: 'host' } } },
      'apps.notes.values["ingress.host"]: is inside "ingress", which is set as a whole',
    ],
    ['a misspelt field', { egres: 'dns' } as Partial<AppDefinitionInput>, 'apps.notes: Unrecognized key: "egres"'],
    // The health path goes through the API server's service proxy: a dot segment would leave it.
    [
      'a health path with dot segments',
      { health: { service: 'web', port: 80, path: '/../../../api/v1/secrets' } },
      'apps.notes.health.path: must be a plain path',
    ],
    [
      'a health path with an escape',
      { health: { service: 'web', port: 80, path: '/%2e%2e/x' } },
      'apps.notes.health.path: must be a plain path',
    ],
    [
      'a health path with a query',
      { health: { service: 'web', port: 80, path: '/healthz?full=1' } },
      'apps.notes.health.path: must be a plain path',
    ],
    [
      'a plan-dependent component flag that is not one',
      { components: [{ name: 'web', cpuShare: 1, memoryShare: 1, replicas: 1, when: 'customDomain' }] },
      'apps.notes.components[0].when: "customDomain" is not a plan flag',
    ],
    [
      'a per-replica volume without its component',
      { volumes: [{ name: 'd', mountPath: '/d', share: 0.5, perReplica: true, metered: true, alerted: true, growsWithPlan: true }] },
      'apps.notes.volumes[0].perReplica: needs the component',
    ],
  ])('refuses %s, naming the field', (_name, overrides, expected) => {
    const problems = problemsOf(app(overrides))
    expect(problems.some((p) => p.startsWith(expected))).toBe(true)
    for (const problem of problems) expect(problem).not.toContain('\n')
  })
})

describe('the fact check', () => {
  it('lists the platform facts and the facts of the definition’s own components, volumes and secrets', () => {
    expect(FACT_NAMES).toEqual(expect.arrayContaining(['host', 'baseDomain', 'customDomain', 'license', 'smtp.host']))
    const known = knownFacts({
      components: [{ name: 'web', cpuShare: 1, memoryShare: 1, replicas: 1 }],
      volumes: [{ name: 'originals', mountPath: '/o', share: 1, metered: true, alerted: true, growsWithPlan: true }],
      secrets: [
        { name: 'db-password', kind: 'password' },
        { name: 's3', kind: 'accessKeyPair' },
      ],
      exposure: { http: [{ host: 'minio', path: '/', service: 'minio', port: 9001 }], tcp: [] },
    })
    expect(known).toEqual(
      expect.arrayContaining([
        'component.web.cpu',
        'volume.originals.size',
        'secret.db-password',
        'secret.s3.accessKey',
        'secret.s3.secretKey',
      ]),
    )
    expect(known).not.toContain('secret.s3')
  })

  it('refuses an unknown secret, naming the path and the known secrets', () => {
    const problems = problemsOf(app({ values: { 'db.password': { fact: 'secret.db-pass' } } }))
    expect(problems).toEqual([
      'apps.notes.values["db.password"]: unknown fact "secret.db-pass" (known: secret.db-password, secret.session-key, ' +
        'secret.s3.accessKey, secret.s3.secretKey)',
    ])
  })

  it('refuses a fact naming a component the app does not have', () => {
    const problems = problemsOf(app({ values: { 'api.cpu': { fact: 'component.api.cpu' } } }))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^apps\.notes\.values\["api\.cpu"\]: unknown fact "component\.api\.cpu" \(known: component\.web\.cpu, /)
  })

  it('refuses a fact the platform does not provide, listing the platform facts', () => {
    const problems = problemsOf(app({ values: { 'ingress.host': { fact: 'hostname' } } }))
    expect(problems).toEqual([`apps.notes.values["ingress.host"]: unknown fact "hostname" (known: ${FACT_NAMES.join(', ')})`])
  })

  it('checks `when` facts too, and reports every problem once', () => {
    const problems = problemsOf(
      app({ values: { 'a.b': { fact: 'volume.photos.size', when: 'plan.backup' }, 'c.d': { fact: 'component.web.gpu' } } }),
    )
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'apps.notes.values["a.b"]',
      'apps.notes.values["a.b"].when',
      'apps.notes.values["c.d"]',
    ])
  })

  it('refuses a TCP port on a plan that does not exist', () => {
    const tcp = [{ name: 'mqtt', port: 1883, service: 'broker', plans: ['pro', 'gold'] }]
    const problems = problemsOf(app({ exposure: { http: [], tcp } }))
    expect(problems).toEqual(['apps.notes.exposure.tcp[0].plans[1]: unknown plan "gold" (known: demo, free, pro, enterprise)'])
  })

  it('finds nothing to say about a valid definition', () => {
    const result = validateAppDefinition(app(), { planIds: PLANS, label: 'apps[0]' })
    expect(result.ok && checkAppDefinition(result.app, { planIds: PLANS })).toEqual([])
  })
})
