/**
 * Tenant isolation on a real API server (`npm run cluster:up`, Kubernetes 1.20): the checks of the
 * Kubernetes Multi-Tenancy Benchmarks that this cluster can show, run AS the tenant's workload
 * ServiceAccount with its own token. Pod Security admission does not exist in 1.20 (the namespace
 * labels are set, not enforced), and there is no CNI to enforce NetworkPolicies: for those, the
 * test proves the objects are in place and unchanged.
 */
import crypto from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKubeClient, type KubeClient } from '../k8s/client'
import { isKubeError, type KubeObject, type ObjectRef } from '../k8s/port'
import { clusterKubeconfigPath, isClusterUp } from '../k8s/testing/cluster'
import { findPlan } from '../plans/catalog'
import { buildGuardrails, GUARDRAIL_NAMES, guardrailDrift, guardrailRefs } from './guardrails'
import { genericNeeds } from '../apps/testing/generic'

const suffix = crypto.randomBytes(3).toString('hex')
const plan = findPlan('free')!
const tenantA = { id: `iso-a-${suffix}`, slug: `iso-a-${suffix}`, namespace: `tenant-iso-a-${suffix}`, orgId: `org-a-${suffix}` }
const tenantB = { id: `iso-b-${suffix}`, slug: `iso-b-${suffix}`, namespace: `tenant-iso-b-${suffix}`, orgId: `org-b-${suffix}` }
const guardrailsA = buildGuardrails(plan, genericNeeds(plan), tenantA)
const guardrailsB = buildGuardrails(plan, genericNeeds(plan), tenantB)

let admin: KubeClient
/** A client holding tenant A's workload ServiceAccount token, and nothing else. */
let tenant: KubeClient
let dir: string

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!isKubeError(error)) throw new Error(`expected a KubeError, got ${error === undefined ? 'success' : String(error)}`)
  return error.code
}

/** The token Secret 1.20's token controller creates for a ServiceAccount, read as admin. */
async function serviceAccountToken(namespace: string, name: string): Promise<string> {
  const account = await admin.waitFor(
    { apiVersion: 'v1', kind: 'ServiceAccount', name, namespace },
    (sa) => ((sa?.secrets as unknown[] | undefined)?.length ?? 0) > 0,
    {
      timeoutMs: 60_000,
      description: `the token Secret of ServiceAccount ${namespace}/${name}`,
    },
  )
  const secretName = (account!.secrets as { name: string }[])[0]!.name
  const secret = await admin.waitFor(
    { apiVersion: 'v1', kind: 'Secret', name: secretName, namespace },
    (s) => Boolean((s?.data as { token?: string } | undefined)?.token),
    {
      timeoutMs: 30_000,
    },
  )
  return Buffer.from((secret!.data as { token: string }).token, 'base64').toString('utf8')
}

/** A kubeconfig for the same API server and CA, authenticating with `token`. */
function kubeconfigWithToken(token: string): string {
  const adminConfig = new KubeConfig()
  adminConfig.loadFromFile(clusterKubeconfigPath())
  const cluster = adminConfig.getCurrentCluster()!
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'tenant-workload', token }],
    contexts: [{ name: 'tenant', cluster: cluster.name, user: 'tenant-workload', namespace: tenantA.namespace }],
    currentContext: 'tenant',
  })
  const file = path.join(dir, 'tenant-kubeconfig')
  writeFileSync(file, kc.exportConfig(), { mode: 0o600 })
  return file
}

const ref = (namespace: string, kind: string, name: string, apiVersion = 'v1'): ObjectRef => ({ apiVersion, kind, name, namespace })
const policyRef = (namespace: string, name: string) => ref(namespace, 'NetworkPolicy', name, 'networking.k8s.io/v1')

beforeAll(async () => {
  if (!(await isClusterUp())) throw new Error('the local cluster is not up: run npm run cluster:up (or npm run test:cluster)')
  dir = mkdtempSync(path.join(tmpdir(), 'isolation-'))
  admin = createKubeClient({ kubeconfigPath: clusterKubeconfigPath() })
  for (const object of [...guardrailsA, ...guardrailsB]) await admin.apply(object)
  // Quota admission refuses what the quota covers until the controller-manager has computed usage.
  for (const t of [tenantA, tenantB]) {
    await admin.waitFor(
      ref(t.namespace, 'ResourceQuota', GUARDRAIL_NAMES.quota),
      (q) => Boolean((q?.status as { hard?: object } | undefined)?.hard),
      { timeoutMs: 60_000 },
    )
  }
  tenant = createKubeClient({
    kubeconfigPath: kubeconfigWithToken(await serviceAccountToken(tenantA.namespace, GUARDRAIL_NAMES.serviceAccount)),
  })
})

afterAll(async () => {
  for (const t of [tenantA, tenantB]) await admin?.delete({ apiVersion: 'v1', kind: 'Namespace', name: t.namespace }).catch(() => undefined)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('tenant guardrails on a real API server', () => {
  it('are all in place as rendered (no drift), and re-applying them changes nothing', async () => {
    const live = await Promise.all(guardrailRefs(tenantA).map((r) => admin.get(r)))
    expect(guardrailDrift(guardrailsA, live)).toEqual([])
    const again = []
    for (const object of guardrailsA) again.push(await admin.apply(object))
    expect(again.map((o) => o.metadata.resourceVersion)).toEqual(live.map((o) => o!.metadata.resourceVersion))
  })

  it('positive control: the workload account can read its own namespace’s pods, services and config maps', async () => {
    expect(await tenant.list('v1', 'Pod', { namespace: tenantA.namespace })).toEqual([])
    expect(await tenant.list('v1', 'Service', { namespace: tenantA.namespace })).toEqual([])
    await admin.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app-settings', namespace: tenantA.namespace },
      data: { theme: 'dark' },
    })
    expect(await tenant.get(ref(tenantA.namespace, 'ConfigMap', 'app-settings'))).toMatchObject({ data: { theme: 'dark' } })
    expect(await tenant.list('apps/v1', 'Deployment', { namespace: tenantA.namespace })).toEqual([])
  })

  it('MTB "block access to cluster resources": no listing or creating cluster-scoped objects', async () => {
    expect(await refusal(tenant.list('v1', 'Namespace'))).toBe('FORBIDDEN')
    expect(await refusal(tenant.list('v1', 'Node'))).toBe('FORBIDDEN')
    expect(await refusal(tenant.list('rbac.authorization.k8s.io/v1', 'ClusterRole'))).toBe('FORBIDDEN')
    expect(await refusal(tenant.get({ apiVersion: 'v1', kind: 'Namespace', name: tenantA.namespace }))).toBe('FORBIDDEN')
    expect(await refusal(tenant.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `escape-${suffix}` } }))).toBe('FORBIDDEN')
    expect(
      await refusal(
        tenant.apply({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: `escape-${suffix}` },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'ServiceAccount', name: GUARDRAIL_NAMES.serviceAccount, namespace: tenantA.namespace }],
        }),
      ),
    ).toBe('FORBIDDEN')
  })

  it('MTB "block modification of resource quotas" and of the other guardrails: no update or delete', async () => {
    const ns = tenantA.namespace
    const guarded: ObjectRef[] = [
      ref(ns, 'ResourceQuota', GUARDRAIL_NAMES.quota),
      ref(ns, 'LimitRange', GUARDRAIL_NAMES.limits),
      policyRef(ns, GUARDRAIL_NAMES.defaultDeny),
      policyRef(ns, GUARDRAIL_NAMES.sameNamespace),
      policyRef(ns, GUARDRAIL_NAMES.ingressController),
      policyRef(ns, GUARDRAIL_NAMES.dns),
      ref(ns, 'Role', GUARDRAIL_NAMES.role, 'rbac.authorization.k8s.io/v1'),
      ref(ns, 'RoleBinding', GUARDRAIL_NAMES.roleBinding, 'rbac.authorization.k8s.io/v1'),
      ref(ns, 'ServiceAccount', GUARDRAIL_NAMES.serviceAccount),
    ]
    for (const target of guarded) {
      expect([target.kind, await refusal(tenant.patch(target, { metadata: { labels: { tampered: 'yes' } } }))]).toEqual([
        target.kind,
        'FORBIDDEN',
      ])
      expect([target.kind, await refusal(tenant.delete(target))]).toEqual([target.kind, 'FORBIDDEN'])
    }
    const widerQuota = structuredClone(guardrailsA.find((o) => o.kind === 'ResourceQuota')!)
    ;(widerQuota.spec as { hard: Record<string, string> }).hard['requests.cpu'] = '64'
    expect(await refusal(tenant.apply(widerQuota, { force: true }))).toBe('FORBIDDEN')
    expect(
      await refusal(
        tenant.apply({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'allow-all', namespace: ns },
          spec: { podSelector: {}, ingress: [{}] },
        }),
      ),
    ).toBe('FORBIDDEN')
    // Nothing changed.
    const live = await Promise.all(guardrailRefs(tenantA).map((r) => admin.get(r)))
    expect(guardrailDrift(guardrailsA, live)).toEqual([])
  })

  it('MTB "block access to other tenant resources": nothing in another tenant’s namespace', async () => {
    const other = tenantB.namespace
    expect(await refusal(tenant.list('v1', 'Pod', { namespace: other }))).toBe('FORBIDDEN')
    expect(await refusal(tenant.list('v1', 'ConfigMap', { namespace: other }))).toBe('FORBIDDEN')
    expect(await refusal(tenant.get(ref(other, 'ResourceQuota', GUARDRAIL_NAMES.quota)))).toBe('FORBIDDEN')
    expect(await refusal(tenant.get(ref(other, 'ServiceAccount', GUARDRAIL_NAMES.serviceAccount)))).toBe('FORBIDDEN')
    expect(
      await refusal(tenant.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'planted', namespace: other }, data: {} })),
    ).toBe('FORBIDDEN')
    // Secrets are not readable even at home (the workload's credentials are mounted, not listed).
    expect(await refusal(tenant.list('v1', 'Secret', { namespace: tenantA.namespace }))).toBe('FORBIDDEN')
  })

  it('MTB "configure namespace resource quotas" and "object limits": the quota covers CPU, memory, storage and object counts', async () => {
    const quota = await admin.waitFor(
      ref(tenantA.namespace, 'ResourceQuota', GUARDRAIL_NAMES.quota),
      (q) => Boolean((q?.status as { hard?: object } | undefined)?.hard),
      {
        timeoutMs: 60_000,
      },
    )
    const hard = (quota!.status as { hard: Record<string, string> }).hard
    for (const resource of [
      'requests.cpu',
      'limits.cpu',
      'requests.memory',
      'limits.memory',
      'requests.storage',
      'persistentvolumeclaims',
      'pods',
      'services',
      'secrets',
      'configmaps',
    ]) {
      expect(hard, resource).toHaveProperty([resource])
    }
    expect(hard).toMatchObject({
      'requests.cpu': '1',
      'limits.memory': '2Gi',
      'requests.storage': '10Gi',
      pods: '15',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    })
  })

  it('MTB "block use of NodePort services" (and LoadBalancers): refused by the quota', async () => {
    const service = (name: string, type: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: tenantA.namespace },
      spec: { type, selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    })
    expect(await refusal(admin.apply(service('exposed-node-port', 'NodePort')))).toBe('QUOTA')
    expect(await refusal(admin.apply(service('exposed-balancer', 'LoadBalancer')))).toBe('QUOTA')
    // Control: the same Service as ClusterIP is admitted (dry run: admission runs, nothing is stored).
    expect((await admin.apply(service('internal', 'ClusterIP'), { dryRun: true })).metadata.name).toBe('internal')
  })

  // Dry runs: admission (LimitRanger, quota) runs in full, and no pod is left for a kubelet to stop.
  it('the LimitRange caps containers at the plan and fills in defaults', async () => {
    const pod = (name: string, resources?: Record<string, unknown>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: tenantA.namespace },
      spec: { containers: [{ name: 'app', image: 'example.invalid/app:1', ...(resources ? { resources } : {}) }] },
    })
    expect(
      await refusal(
        admin.apply(pod('greedy', { limits: { cpu: '8', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } }), { dryRun: true }),
      ),
    ).toBe('QUOTA')
    const defaulted = await admin.apply(pod('modest'), { dryRun: true })
    expect((defaulted.spec as { containers: { resources: unknown }[] }).containers[0]!.resources).toEqual({
      limits: { cpu: '500m', memory: '512Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    })
  })

  it('network isolation: default deny with no rules, and the allow policies exactly as rendered', async () => {
    const deny = await admin.get(policyRef(tenantA.namespace, GUARDRAIL_NAMES.defaultDeny))
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
    const ingress = await admin.get(policyRef(tenantA.namespace, GUARDRAIL_NAMES.ingressController))
    expect(ingress?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
    })
  })

  it('no API token is mounted into the tenant’s pods by default', async () => {
    for (const name of [GUARDRAIL_NAMES.serviceAccount, GUARDRAIL_NAMES.defaultServiceAccount]) {
      const account = await admin.get(ref(tenantA.namespace, 'ServiceAccount', name))
      expect([name, account?.automountServiceAccountToken]).toEqual([name, false])
    }
    const namespace = await admin.get({ apiVersion: 'v1', kind: 'Namespace', name: tenantA.namespace })
    expect(namespace?.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'kubernetes.io/metadata.name': tenantA.namespace,
    })
  })
})
