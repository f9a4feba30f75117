import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../k8s/port'
import { validateManifests } from '../k8s/validate'
import { DEFAULT_CATALOG, findPlan, type Plan } from '../plans/catalog'
import {
  buildGuardrails,
  DEFAULT_BLOCKED_CIDRS,
  guardrailDrift,
  guardrailRefs,
  LABELS,
  refOf,
  tenantQuota,
  tenantSelector,
} from './guardrails'
import type { AppNeeds } from '../apps/app-needs'
import { genericNeeds } from '../apps/testing/generic'

const tenant = { id: 'ckt0tenant0001', slug: 'acme', namespace: 'tenant-acme', orgId: 'ckt0org0000001' }

function plan(id: string): Plan {
  const found = findPlan(id)
  if (!found) throw new Error(`no plan ${id}`)
  return found
}

function find(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`)
  return found
}

const clone = <T>(value: T): T => structuredClone(value)

describe('buildGuardrails', () => {
  it.each([
    ['demo', { cpu: '500m', memory: '1Gi', storage: '5Gi', pods: '10', pvcs: '4' }],
    ['free', { cpu: '1', memory: '2Gi', storage: '10Gi', pods: '15', pvcs: '4' }],
    // Twice the claims generic makes: app-data and data-postgres-<i> per database instance, backups where on.
    ['pro', { cpu: '4', memory: '8Gi', storage: '50Gi', pods: '40', pvcs: '6' }],
    ['enterprise', { cpu: '16', memory: '32Gi', storage: '200Gi', pods: '100', pvcs: '10' }],
  ])('sizes the %s quota from the plan', (planId, want) => {
    const quota = find(buildGuardrails(plan(planId), genericNeeds(plan(planId)), tenant), 'ResourceQuota', 'tenant-quota')
    expect(quota.spec).toEqual({
      hard: {
        'requests.cpu': want.cpu,
        'limits.cpu': want.cpu,
        'requests.memory': want.memory,
        'limits.memory': want.memory,
        'requests.storage': want.storage,
        persistentvolumeclaims: want.pvcs,
        pods: want.pods,
        services: '10',
        'services.loadbalancers': '0',
        'services.nodeports': '0',
        secrets: '30',
        configmaps: '20',
      },
    })
    expect(tenantQuota(plan(planId), genericNeeds(plan(planId)))).toEqual((quota.spec as { hard: unknown }).hard)
  })

  it.each(DEFAULT_CATALOG.map((p) => [p.id, p] as const))(
    'gives the %s plan every guardrail, in apply order, all labelled as ours',
    (_id, p) => {
      const objects = buildGuardrails(p, genericNeeds(p), tenant)
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
        'Namespace/tenant-acme',
        'ResourceQuota/tenant-quota',
        'LimitRange/tenant-limits',
        'NetworkPolicy/default-deny',
        'NetworkPolicy/allow-same-namespace',
        'NetworkPolicy/allow-ingress-controller',
        'NetworkPolicy/allow-dns',
        'ServiceAccount/tenant-workload',
        'ServiceAccount/default',
        'Role/tenant-workload',
        'RoleBinding/tenant-workload',
      ])
      for (const object of objects) {
        expect(object.metadata.labels).toMatchObject({ [LABELS.managedBy]: 'tenancy', [LABELS.tenant]: tenant.id })
        if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe('tenant-acme')
      }
      expect(guardrailRefs(tenant)).toEqual(objects.map(refOf))
    },
  )

  it.each(DEFAULT_CATALOG.map((p) => [p.id, p] as const))('passes schema validation for the %s plan', (_id, p) => {
    expect(validateManifests(buildGuardrails(p, genericNeeds(p), tenant))).toEqual([])
  })

  it('labels the namespace with the tenant, org, plan and Pod Security restricted', () => {
    const ns = find(buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant), 'Namespace')
    expect(ns.metadata.labels).toEqual({
      'tenancy.dev/managed-by': 'tenancy',
      'app.kubernetes.io/managed-by': 'tenancy',
      'tenancy.dev/tenant': tenant.id,
      'tenancy.dev/tenant-slug': 'acme',
      'tenancy.dev/org': tenant.orgId,
      'tenancy.dev/plan': 'pro',
      'kubernetes.io/metadata.name': 'tenant-acme',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    })
    expect(ns.metadata.namespace).toBeUndefined()
  })

  it('caps containers and volume claims at the plan and defaults what a container leaves unset', () => {
    const demo = find(buildGuardrails(plan('demo'), genericNeeds(plan('demo')), tenant), 'LimitRange')
    expect(demo.spec).toEqual({
      limits: [
        {
          type: 'Container',
          default: { cpu: '500m', memory: '512Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          max: { cpu: '500m', memory: '1Gi' },
        },
        { type: 'PersistentVolumeClaim', max: { storage: '5Gi' } },
      ],
    })
    const enterprise = find(buildGuardrails(plan('enterprise'), genericNeeds(plan('enterprise')), tenant), 'LimitRange')
    expect(enterprise.spec).toMatchObject({ limits: [{ max: { cpu: '16', memory: '32Gi' } }, { max: { storage: '200Gi' } }] })
  })

  it('never lets a container default exceed a small plan', () => {
    const tiny: Plan = { ...plan('demo'), limits: { ...plan('demo').limits, cpuMillicores: 250, memoryMiB: 256 } }
    const limits = find(buildGuardrails(tiny, genericNeeds(tiny), tenant), 'LimitRange').spec as {
      limits: Record<string, Record<string, string>>[]
    }
    expect(limits.limits[0]).toMatchObject({
      default: { cpu: '250m', memory: '256Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      max: { cpu: '250m', memory: '256Mi' },
    })
  })

  const withNeeds = (changes: Partial<AppNeeds>): AppNeeds => ({ ...genericNeeds(plan('pro')), ...changes })
  const policies = (needs: AppNeeds, options = {}) =>
    buildGuardrails(plan('pro'), needs, tenant, options).filter((o) => o.kind === 'NetworkPolicy')

  it('gives an app with egress "none" no way out but its own namespace (no DNS either)', () => {
    const names = policies(withNeeds({ egress: 'none' })).map((o) => o.metadata.name)
    expect(names).toEqual(['default-deny', 'allow-same-namespace', 'allow-ingress-controller'])
    expect(
      guardrailRefs(tenant, 'none')
        .filter((r) => r.kind === 'NetworkPolicy')
        .map((r) => r.name),
    ).toEqual(names)
  })

  it('opens the internet to an app with egress "internet", never private, cluster, node or metadata ranges', () => {
    const objects = policies(withNeeds({ egress: 'internet' }), { blockedCidrs: [...DEFAULT_BLOCKED_CIDRS, '203.0.113.7/32'] })
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny',
      'allow-same-namespace',
      'allow-ingress-controller',
      'allow-dns',
      'allow-internet',
    ])
    const internet = find(objects, 'NetworkPolicy', 'allow-internet').spec as {
      policyTypes: string[]
      egress: { to: { ipBlock: { cidr: string; except: string[] } }[]; ports?: unknown }[]
    }
    expect(internet.policyTypes).toEqual(['Egress'])
    const [v4, v6] = internet.egress[0]!.to.map((t) => t.ipBlock)
    expect(v4!.cidr).toBe('0.0.0.0/0')
    expect(v4!.except).toEqual(
      expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '203.0.113.7/32']),
    )
    expect(v6!.cidr).toBe('::/0')
    expect(v6!.except).toEqual(expect.arrayContaining(['fc00::/7', 'fe80::/10']))
    expect(validateManifests(objects)).toEqual([])
    expect(
      guardrailRefs(tenant, 'internet')
        .filter((r) => r.kind === 'NetworkPolicy')
        .map((r) => r.name),
    ).toEqual(objects.map((o) => o.metadata.name))
  })

  it.each([
    // Node ports as well: Kubernetes before 1.22 allocates them to a LoadBalancer whatever it asks, and charges them.
    ['LoadBalancer', { 'services.loadbalancers': '1', 'services.nodeports': '2' }],
    ['NodePort', { 'services.loadbalancers': '0', 'services.nodeports': '2' }],
  ] as const)('raises the quota by exactly the TCP ports the plan exposes, as %s', (serviceType, want) => {
    const needs = withNeeds({ tcp: { ports: 2, services: 1, serviceType } })
    expect(tenantQuota(plan('pro'), needs)).toMatchObject(want)
    expect(tenantQuota(plan('pro'), withNeeds({ tcp: { ports: 0, services: 0, serviceType } }))).toMatchObject({
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    })
  })

  it('denies all traffic by default, with no rules at all', () => {
    const deny = find(buildGuardrails(plan('free'), genericNeeds(plan('free')), tenant), 'NetworkPolicy', 'default-deny')
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
  })

  it('allows the same namespace, the ingress controller and DNS only', () => {
    const objects = buildGuardrails(plan('free'), genericNeeds(plan('free')), tenant, { ingressNamespace: 'traefik' })
    expect(find(objects, 'NetworkPolicy', 'allow-same-namespace').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    })
    expect(find(objects, 'NetworkPolicy', 'allow-ingress-controller').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }] }],
    })
    expect(find(objects, 'NetworkPolicy', 'allow-dns').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    })
    const defaultIngress = find(
      buildGuardrails(plan('free'), genericNeeds(plan('free')), tenant),
      'NetworkPolicy',
      'allow-ingress-controller',
    )
    expect(JSON.stringify(defaultIngress.spec)).toContain('"ingress-nginx"')
  })

  it('mounts no API token into pods, whichever account they use', () => {
    const accounts = buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant).filter((o) => o.kind === 'ServiceAccount')
    expect(accounts.map((a) => [a.metadata.name, a.automountServiceAccountToken])).toEqual([
      ['tenant-workload', false],
      ['default', false],
    ])
  })

  it('grants the workload read-only access to its own app objects and nothing that shapes the guardrails', () => {
    const objects = buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant)
    const rules = find(objects, 'Role').rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]
    const verbs = new Set(rules.flatMap((r) => r.verbs))
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch'])
    const resources = rules.flatMap((r) => r.resources)
    expect(resources.sort()).toEqual(['configmaps', 'deployments', 'pods', 'services', 'statefulsets'])
    for (const forbidden of ['resourcequotas', 'limitranges', 'networkpolicies', 'roles', 'rolebindings', 'secrets', 'namespaces', '*']) {
      expect(resources).not.toContain(forbidden)
    }
    expect(rules.flatMap((r) => r.apiGroups)).not.toContain('*')
    expect(find(objects, 'RoleBinding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tenant-workload' },
      subjects: [{ kind: 'ServiceAccount', name: 'tenant-workload', namespace: 'tenant-acme' }],
    })
  })

  it('is pure: the same input gives the same objects, and callers cannot change the shared rules', () => {
    const a = buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant)
    ;(find(a, 'Role').rules as { verbs: string[] }[])[0]!.verbs.push('delete')
    expect(buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant)).not.toEqual(a)
    expect(buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant)).toEqual(
      buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant),
    )
  })

  it('selects one tenant’s objects by label', () => {
    expect(tenantSelector('t1')).toBe('tenancy.dev/managed-by=tenancy,tenancy.dev/tenant=t1')
  })
})

describe('guardrailDrift', () => {
  const expected = buildGuardrails(plan('pro'), genericNeeds(plan('pro')), tenant)

  /** What the API server gives back: defaults and bookkeeping added, quantities in canonical form. */
  function live(objects: KubeObject[]): KubeObject[] {
    return objects.map((o) => {
      const copy = clone(o)
      copy.metadata = { ...copy.metadata, uid: 'u-1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [] }
      if (copy.kind === 'ResourceQuota') {
        const hard = (copy.spec as { hard: Record<string, string> }).hard
        hard['requests.memory'] = '8192Mi'
        copy.status = { hard: { ...hard }, used: { pods: '0' } }
      }
      if (copy.kind === 'NetworkPolicy') {
        const spec = copy.spec as { egress?: { ports?: { protocol?: string }[] }[] }
        for (const rule of spec.egress ?? []) for (const port of rule.ports ?? []) if (port.protocol === 'TCP') delete port.protocol
      }
      if (copy.kind === 'Namespace') copy.spec = { finalizers: ['kubernetes'] }
      if (copy.kind === 'ServiceAccount') copy.secrets = [{ name: `${copy.metadata.name}-token-abcde` }]
      return copy
    })
  }

  it('finds nothing when the cluster holds what we applied (server defaults and canonical quantities aside)', () => {
    expect(guardrailDrift(expected, live(expected))).toEqual([])
  })

  it('reports missing objects by kind and name', () => {
    const actual: (KubeObject | null)[] = live(expected)
    actual[3] = null
    actual[0] = null
    expect(guardrailDrift(expected, actual)).toEqual([
      'Namespace tenant-acme is missing',
      'NetworkPolicy tenant-acme/default-deny is missing',
    ])
    expect(guardrailDrift(expected, [])).toHaveLength(expected.length)
  })

  it('reports changed, removed and added quota hard values', () => {
    const actual = live(expected)
    const hard = (actual[1]!.spec as { hard: Record<string, string> }).hard
    hard['requests.storage'] = '500Gi'
    hard['services.loadbalancers'] = '2'
    delete hard.pods
    hard['count/jobs.batch'] = '5'
    expect(guardrailDrift(expected, actual)).toEqual([
      'ResourceQuota tenant-acme/tenant-quota: hard requests.storage is 500Gi, expected 50Gi',
      'ResourceQuota tenant-acme/tenant-quota: hard pods is missing (expected 40)',
      'ResourceQuota tenant-acme/tenant-quota: hard services.loadbalancers is 2, expected 0',
      'ResourceQuota tenant-acme/tenant-quota: hard count/jobs.batch is 5, not part of the plan',
    ])
  })

  it('reports a missing or weakened Pod Security label and a changed tenant label', () => {
    const actual = live(expected)
    delete actual[0]!.metadata.labels!['pod-security.kubernetes.io/enforce']
    actual[0]!.metadata.labels!['pod-security.kubernetes.io/warn'] = 'privileged'
    actual[2]!.metadata.labels![LABELS.tenant] = 'someone-else'
    expect(guardrailDrift(expected, actual)).toEqual([
      'Namespace tenant-acme: label pod-security.kubernetes.io/enforce is missing (expected "restricted")',
      'Namespace tenant-acme: label pod-security.kubernetes.io/warn is "privileged", expected "restricted"',
      `LimitRange tenant-acme/tenant-limits: label tenancy.dev/tenant is "someone-else", expected "${tenant.id}"`,
    ])
  })

  it('reports a rule added to the default deny policy and a widened ingress source', () => {
    const actual = live(expected)
    ;(actual[3]!.spec as Record<string, unknown>).ingress = [{}]
    ;(actual[5]!.spec as { ingress: unknown[] }).ingress = [{ from: [{ namespaceSelector: {} }] }]
    expect(guardrailDrift(expected, actual)).toEqual([
      'NetworkPolicy tenant-acme/default-deny: policy spec changed',
      'NetworkPolicy tenant-acme/allow-ingress-controller: policy spec changed',
    ])
  })

  it('reports a raised container limit, token automount turned on and widened rules', () => {
    const actual = live(expected)
    const limits = (actual[2]!.spec as { limits: { max?: Record<string, string> }[] }).limits
    limits[0]!.max!.cpu = '64'
    delete actual[8]!.automountServiceAccountToken
    ;(actual[9]!.rules as { verbs: string[] }[])[0]!.verbs.push('delete')
    ;(actual[10]!.subjects as { name: string }[])[0]!.name = 'default'
    expect(guardrailDrift(expected, actual)).toEqual([
      'LimitRange tenant-acme/tenant-limits: Container max cpu is 64, expected 4',
      'ServiceAccount tenant-acme/default: automountServiceAccountToken is not false',
      'Role tenant-acme/tenant-workload: rules changed',
      'RoleBinding tenant-acme/tenant-workload: binding changed',
    ])
  })

  it('reports guardrails that are being deleted', () => {
    const actual = live(expected)
    actual[0]!.metadata.deletionTimestamp = '2026-01-02T00:00:00Z'
    expect(guardrailDrift(expected, actual)).toEqual(['Namespace tenant-acme is being deleted'])
  })

  it('reports the drift of a plan change not yet applied', () => {
    const actual = live(buildGuardrails(plan('free'), genericNeeds(plan('free')), tenant))
    const findings = guardrailDrift(expected, actual)
    expect(findings).toContain('Namespace tenant-acme: label tenancy.dev/plan is "free", expected "pro"')
    expect(findings).toContain('ResourceQuota tenant-acme/tenant-quota: hard requests.storage is 10Gi, expected 50Gi')
    expect(findings).toContain('LimitRange tenant-acme/tenant-limits: PersistentVolumeClaim max storage is 10Gi, expected 50Gi')
  })
})
