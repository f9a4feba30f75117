/**
 * The guardrails of a tenant's namespace, rendered from its plan (DESIGN.md §3 "provision" and
 * §4): the namespace with Pod Security `restricted`, a ResourceQuota and a LimitRange sized by the
 * plan, NetworkPolicies (default deny, same namespace, ingress controller, and the app's egress:
 * none, DNS only, or DNS and the internet with private, cluster, node and metadata ranges still
 * blocked), a workload ServiceAccount without token automount and a read-only Role for it. The
 * app's needs (lib/apps/app-needs.ts) size the claims in the quota and open exactly its TCP ports.
 *
 * Pure: the same (plan, tenant, options) always gives the same objects, in apply order. The
 * provisioning and change-plan workflows apply them; the reconciler compares them with what the
 * cluster holds (`guardrailDrift`).
 */
import type { AppNeeds } from '../apps/app-needs'
import type { KubeObject, ObjectRef } from '../k8s/port'
import { cpuQuantity, memoryQuantity, sameQuantity } from '../k8s/quantity'
import type { Plan } from '../plans/catalog'

export interface GuardrailTenant {
  id: string
  slug: string
  namespace: string
  orgId: string
}

export interface GuardrailOptions {
  /** Namespace of the ingress controller allowed to reach the tenant's pods. */
  ingressNamespace?: string
  /** Namespace of the cluster DNS. */
  dnsNamespace?: string
  /** IP ranges an app with internet egress still may not reach (EGRESS_BLOCKED_CIDRS). */
  blockedCidrs?: readonly string[]
}

/**
 * Never reachable from a tenant, even with internet egress: private networks (where cluster,
 * service and node addresses live), loopback, link-local (cloud metadata at 169.254.169.254),
 * carrier-grade NAT, and their IPv6 counterparts.
 */
export const DEFAULT_BLOCKED_CIDRS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
] as const

export const LABELS = {
  managedBy: 'tenancy.dev/managed-by',
  appManagedBy: 'app.kubernetes.io/managed-by',
  tenant: 'tenancy.dev/tenant',
  tenantSlug: 'tenancy.dev/tenant-slug',
  org: 'tenancy.dev/org',
  plan: 'tenancy.dev/plan',
} as const

export const MANAGED_BY = 'tenancy'

/** Label selector for every namespace and object Tenancy manages. */
export const MANAGED_SELECTOR = `${LABELS.managedBy}=${MANAGED_BY}`

/** Label selector for the objects of one tenant. */
export function tenantSelector(tenantId: string): string {
  return `${MANAGED_SELECTOR},${LABELS.tenant}=${tenantId}`
}

export const GUARDRAIL_NAMES = {
  quota: 'tenant-quota',
  limits: 'tenant-limits',
  defaultDeny: 'default-deny',
  sameNamespace: 'allow-same-namespace',
  ingressController: 'allow-ingress-controller',
  dns: 'allow-dns',
  internet: 'allow-internet',
  serviceAccount: 'tenant-workload',
  /** The namespace's default ServiceAccount, which pods get when they name none. */
  defaultServiceAccount: 'default',
  role: 'tenant-workload',
  roleBinding: 'tenant-workload',
} as const

const PSS_LEVEL = 'restricted'
const PSS_LABELS = {
  'pod-security.kubernetes.io/enforce': PSS_LEVEL,
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': PSS_LEVEL,
  'pod-security.kubernetes.io/audit-version': 'latest',
  'pod-security.kubernetes.io/warn': PSS_LEVEL,
  'pod-security.kubernetes.io/warn-version': 'latest',
} as const

/** Per-container defaults applied by the LimitRange when a container states none. */
const CONTAINER_DEFAULT = { cpuMillicores: 500, memoryMiB: 512 }
const CONTAINER_DEFAULT_REQUEST = { cpuMillicores: 100, memoryMiB: 128 }

/** Object counts that do not depend on the plan's size. */
const FIXED_COUNTS = { services: 10, secrets: 30, configmaps: 20 }

/** Read-only access to the tenant's own application objects. Nothing that shapes the guardrails. */
export const WORKLOAD_RULES = [
  { apiGroups: [''], resources: ['pods', 'services', 'configmaps'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
]

function objectLabels(tenant: GuardrailTenant): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.appManagedBy]: MANAGED_BY,
    [LABELS.tenant]: tenant.id,
    [LABELS.tenantSlug]: tenant.slug,
  }
}

/** The ResourceQuota `hard` of an app on a plan (also what a downgrade must fit in). */
export function tenantQuota(plan: Plan, needs: AppNeeds): Record<string, string> {
  const { cpuMillicores, memoryMiB, storageGiB, pods } = plan.limits
  const cpu = cpuQuantity(cpuMillicores)
  const memory = memoryQuantity(memoryMiB)
  // The app's claims, twice over: a claim replaced (a StatefulSet's re-created) while the old one is deleted.
  const volumeClaims = 2 * needs.claims
  // The declared TCP ports this plan exposes and nothing more. A LoadBalancer Service is charged a
  // node port per port too, whatever it asks: before 1.22 (ServiceLBNodePortControl off) the API
  // server drops allocateLoadBalancerNodePorts: false, allocates them and the quota counts them.
  const loadBalancers = needs.tcp.serviceType === 'LoadBalancer' ? needs.tcp.services : 0
  const nodePorts = needs.tcp.ports
  return {
    'requests.cpu': cpu,
    'limits.cpu': cpu,
    'requests.memory': memory,
    'limits.memory': memory,
    'requests.storage': `${storageGiB}Gi`,
    persistentvolumeclaims: String(volumeClaims),
    pods: String(pods),
    services: String(FIXED_COUNTS.services),
    'services.loadbalancers': String(loadBalancers),
    'services.nodeports': String(nodePorts),
    secrets: String(FIXED_COUNTS.secrets),
    configmaps: String(FIXED_COUNTS.configmaps),
  }
}

function tenantLimits(plan: Plan) {
  const { cpuMillicores, memoryMiB, storageGiB } = plan.limits
  const defaultCpu = Math.min(CONTAINER_DEFAULT.cpuMillicores, cpuMillicores)
  const defaultMemory = Math.min(CONTAINER_DEFAULT.memoryMiB, memoryMiB)
  return [
    {
      type: 'Container',
      default: { cpu: cpuQuantity(defaultCpu), memory: memoryQuantity(defaultMemory) },
      defaultRequest: {
        cpu: cpuQuantity(Math.min(CONTAINER_DEFAULT_REQUEST.cpuMillicores, defaultCpu)),
        memory: memoryQuantity(Math.min(CONTAINER_DEFAULT_REQUEST.memoryMiB, defaultMemory)),
      },
      max: { cpu: cpuQuantity(cpuMillicores), memory: memoryQuantity(memoryMiB) },
    },
    { type: 'PersistentVolumeClaim', max: { storage: `${storageGiB}Gi` } },
  ]
}

/** Every guardrail object of a tenant, in apply order (the namespace first). */
export function buildGuardrails(plan: Plan, needs: AppNeeds, tenant: GuardrailTenant, options: GuardrailOptions = {}): KubeObject[] {
  const namespace = tenant.namespace
  const ingressNamespace = options.ingressNamespace ?? 'ingress-nginx'
  const dnsNamespace = options.dnsNamespace ?? 'kube-system'
  const labels = objectLabels(tenant)
  const meta = (name: string) => ({ name, namespace, labels: { ...labels } })
  const policy = (name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name),
    spec,
  })
  const allPods = {}

  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...labels,
          [LABELS.org]: tenant.orgId,
          [LABELS.plan]: plan.id,
          // Set by the API server itself from 1.21; written here so policies can select it on older clusters.
          'kubernetes.io/metadata.name': namespace,
          ...PSS_LABELS,
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta(GUARDRAIL_NAMES.quota),
      spec: { hard: tenantQuota(plan, needs) },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta(GUARDRAIL_NAMES.limits),
      spec: { limits: tenantLimits(plan) },
    },
    // No rules: every pod is isolated for ingress and egress unless a policy below allows it.
    policy(GUARDRAIL_NAMES.defaultDeny, { podSelector: allPods, policyTypes: ['Ingress', 'Egress'] }),
    policy(GUARDRAIL_NAMES.sameNamespace, {
      podSelector: allPods,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: allPods }] }],
      egress: [{ to: [{ podSelector: allPods }] }],
    }),
    policy(GUARDRAIL_NAMES.ingressController, {
      podSelector: allPods,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ingressNamespace } } }] }],
    }),
    ...(needs.egress === 'none'
      ? []
      : [
          policy(GUARDRAIL_NAMES.dns, {
            podSelector: allPods,
            policyTypes: ['Egress'],
            egress: [
              {
                to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dnsNamespace } } }],
                ports: [
                  { protocol: 'UDP', port: 53 },
                  { protocol: 'TCP', port: 53 },
                ],
              },
            ],
          }),
        ]),
    ...(needs.egress === 'internet'
      ? [policy(GUARDRAIL_NAMES.internet, internetEgress(options.blockedCidrs ?? DEFAULT_BLOCKED_CIDRS))]
      : []),
    // Neither the workload account nor the default one mounts an API token into pods.
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(GUARDRAIL_NAMES.serviceAccount),
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(GUARDRAIL_NAMES.defaultServiceAccount),
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(GUARDRAIL_NAMES.role),
      rules: WORKLOAD_RULES.map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] })),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(GUARDRAIL_NAMES.roleBinding),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: GUARDRAIL_NAMES.role },
      subjects: [{ kind: 'ServiceAccount', name: GUARDRAIL_NAMES.serviceAccount, namespace }],
    },
  ]
}

/** Egress to any public address: everything but the blocked ranges, for IPv4 and IPv6. */
function internetEgress(blocked: readonly string[]): Record<string, unknown> {
  const v6 = (cidr: string) => cidr.includes(':')
  return {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [
          { ipBlock: { cidr: '0.0.0.0/0', except: blocked.filter((c) => !v6(c)) } },
          { ipBlock: { cidr: '::/0', except: blocked.filter(v6) } },
        ],
      },
    ],
  }
}

/** What must exist for a tenant, in the order of `buildGuardrails` (for the reconciler's drift check). */
export function guardrailRefs(tenant: Pick<GuardrailTenant, 'namespace'>, egress: AppNeeds['egress'] = 'dns'): ObjectRef[] {
  const namespace = tenant.namespace
  const policies = [
    GUARDRAIL_NAMES.defaultDeny,
    GUARDRAIL_NAMES.sameNamespace,
    GUARDRAIL_NAMES.ingressController,
    ...(egress === 'none' ? [] : [GUARDRAIL_NAMES.dns]),
    ...(egress === 'internet' ? [GUARDRAIL_NAMES.internet] : []),
  ]
  return [
    { apiVersion: 'v1', kind: 'Namespace', name: namespace },
    { apiVersion: 'v1', kind: 'ResourceQuota', name: GUARDRAIL_NAMES.quota, namespace },
    { apiVersion: 'v1', kind: 'LimitRange', name: GUARDRAIL_NAMES.limits, namespace },
    ...policies.map((name) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name, namespace })),
    { apiVersion: 'v1', kind: 'ServiceAccount', name: GUARDRAIL_NAMES.serviceAccount, namespace },
    { apiVersion: 'v1', kind: 'ServiceAccount', name: GUARDRAIL_NAMES.defaultServiceAccount, namespace },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', name: GUARDRAIL_NAMES.role, namespace },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', name: GUARDRAIL_NAMES.roleBinding, namespace },
  ]
}

export function refOf(object: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name }
  if (object.metadata.namespace !== undefined) ref.namespace = object.metadata.namespace
  return ref
}

function describe(object: KubeObject): string {
  const { namespace, name } = object.metadata
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`
}

/**
 * Drops what carries no meaning (null, empty lists, the default protocol) and sorts lists of
 * strings, so that order does not count as drift. Empty objects stay: `podSelector: {}` selects
 * every pod, and an empty rule `{}` allows everything.
 */
function normalize(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalize(item)).filter((item) => item !== undefined)
    if (items.length === 0) return undefined
    // policyTypes, verbs, resources… are sets; rule lists are compared in order.
    return items.every((item) => typeof item === 'string') ? [...(items as string[])].sort() : items
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(value).sort()) {
      const v = normalize((value as Record<string, unknown>)[k], k)
      if (v !== undefined) out[k] = v
    }
    // NetworkPolicyPort.protocol defaults to TCP.
    if (key === undefined && 'port' in out && out.protocol === undefined) out.protocol = 'TCP'
    return out
  }
  if (value === null || value === undefined) return undefined
  return value
}

function sameShape(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b))
}

function labelFindings(expected: KubeObject, actual: KubeObject): string[] {
  const want = expected.metadata.labels ?? {}
  const have = actual.metadata.labels ?? {}
  const findings: string[] = []
  for (const [label, value] of Object.entries(want)) {
    if (!(label in have)) findings.push(`${describe(expected)}: label ${label} is missing (expected "${value}")`)
    else if (have[label] !== value) findings.push(`${describe(expected)}: label ${label} is "${have[label]}", expected "${value}"`)
  }
  return findings
}

function quotaFindings(expected: KubeObject, actual: KubeObject): string[] {
  const want = ((expected.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>
  const have = ((actual.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>
  const findings: string[] = []
  for (const [resource, value] of Object.entries(want)) {
    if (!(resource in have)) findings.push(`${describe(expected)}: hard ${resource} is missing (expected ${value})`)
    else if (!sameQuantity(have[resource]!, value))
      findings.push(`${describe(expected)}: hard ${resource} is ${have[resource]}, expected ${value}`)
  }
  for (const resource of Object.keys(have)) {
    if (!(resource in want)) findings.push(`${describe(expected)}: hard ${resource} is ${have[resource]}, not part of the plan`)
  }
  return findings
}

/** Quantities compared by value: "1024Mi" and "1Gi" are the same limit. */
function limitsFindings(expected: KubeObject, actual: KubeObject): string[] {
  type Item = { type: string } & Record<string, unknown>
  const want = ((expected.spec as { limits?: Item[] } | undefined)?.limits ?? []) as Item[]
  const have = ((actual.spec as { limits?: Item[] } | undefined)?.limits ?? []) as Item[]
  const findings: string[] = []
  for (const item of want) {
    const live = have.find((h) => h.type === item.type)
    if (!live) {
      findings.push(`${describe(expected)}: no limits for ${item.type}`)
      continue
    }
    for (const [bound, values] of Object.entries(item)) {
      if (bound === 'type') continue
      const liveValues = (live[bound] ?? {}) as Record<string, string>
      for (const [resource, value] of Object.entries(values as Record<string, string>)) {
        const got = liveValues[resource]
        if (got === undefined) findings.push(`${describe(expected)}: ${item.type} ${bound} ${resource} is missing (expected ${value})`)
        else if (!sameQuantity(got, value))
          findings.push(`${describe(expected)}: ${item.type} ${bound} ${resource} is ${got}, expected ${value}`)
      }
      for (const resource of Object.keys(liveValues)) {
        if (!(resource in (values as Record<string, string>)))
          findings.push(`${describe(expected)}: ${item.type} ${bound} ${resource} is ${liveValues[resource]}, not part of the plan`)
      }
    }
  }
  for (const item of have) {
    if (!want.some((w) => w.type === item.type)) findings.push(`${describe(expected)}: unexpected limits for ${item.type}`)
  }
  return findings
}

function specFindings(expected: KubeObject, actual: KubeObject): string[] {
  switch (expected.kind) {
    case 'Namespace':
      return []
    case 'ResourceQuota':
      return quotaFindings(expected, actual)
    case 'LimitRange':
      return limitsFindings(expected, actual)
    case 'NetworkPolicy':
      return sameShape(expected.spec, actual.spec) ? [] : [`${describe(expected)}: policy spec changed`]
    case 'ServiceAccount':
      return actual.automountServiceAccountToken === false ? [] : [`${describe(expected)}: automountServiceAccountToken is not false`]
    case 'Role':
      return sameShape(expected.rules, actual.rules) ? [] : [`${describe(expected)}: rules changed`]
    case 'RoleBinding':
      return sameShape(expected.roleRef, actual.roleRef) && sameShape(expected.subjects, actual.subjects)
        ? []
        : [`${describe(expected)}: binding changed`]
    default:
      return sameShape(expected.spec, actual.spec) ? [] : [`${describe(expected)}: spec changed`]
  }
}

/**
 * What differs between the guardrails a tenant should have (`expected`, from buildGuardrails) and
 * what the cluster holds (`actual[i]` is the live object for `expected[i]`, null when missing).
 * Fields the API server adds are ignored; values Tenancy sets must be there and equal.
 */
export function guardrailDrift(expected: KubeObject[], actual: (KubeObject | null)[]): string[] {
  const findings: string[] = []
  expected.forEach((want, i) => {
    const have = actual[i] ?? null
    if (have === null) {
      findings.push(`${describe(want)} is missing`)
      return
    }
    if (have.metadata.deletionTimestamp) findings.push(`${describe(want)} is being deleted`)
    findings.push(...labelFindings(want, have), ...specFindings(want, have))
  })
  return findings
}
