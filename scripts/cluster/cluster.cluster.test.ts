/**
 * The local cluster and its node simulator behave enough like a real cluster for provisioning:
 * workloads become ready, claims bind, scale-down and namespace deletion complete, fault injection
 * holds pods unready, the controller-manager fills quota status and quota admission refuses.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node'
import { adminKubeConfig, isClusterUp, setFailingPods } from '@/lib/k8s/testing/cluster'

const kc = adminKubeConfig()
const core = kc.makeApiClient(CoreV1Api)
const apps = kc.makeApiClient(AppsV1Api)
const batch = kc.makeApiClient(BatchV1Api)
const rbac = kc.makeApiClient(RbacAuthorizationV1Api)
const suffix = crypto.randomBytes(3).toString('hex')
const namespaces: string[] = []

/** Polls every 200 ms until `probe` returns a truthy value. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value) return value
      last = value
    } catch (error) {
      last = error instanceof Error ? error.message : error
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function createNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${suffix}`
  await core.createNamespace({ body: { metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'tenancy-tests' } } } })
  namespaces.push(name)
  return name
}

function deployment(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
      },
    },
  }
}

function statefulSet(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'db', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }],
        },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } },
      ],
    },
  }
}

async function podsOf(namespace: string, app: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items
}

const isReady = (pod: V1Pod) => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')

async function isGone(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read()
    return false
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return true
    throw error
  }
}

beforeAll(async () => {
  if (!(await isClusterUp())) throw new Error('the local cluster is not up: run npm run cluster:up (or npm run test:cluster)')
})

afterAll(async () => {
  await setFailingPods([])
  for (const name of namespaces) await core.deleteNamespace({ name }).catch(() => undefined)
})

describe('node simulator', () => {
  it('registers a Ready node with room for tenants', async () => {
    const node = await core.readNode({ name: 'sim-node' })
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True')
    expect(node.status?.allocatable).toMatchObject({ cpu: '64', pods: '500' })
  })

  it('makes a Deployment available, with pods bound, running and addressed', async () => {
    const namespace = await createNamespace('sim-deploy')
    await apps.createNamespacedDeployment({ namespace, body: deployment('web', 2) })
    const ready = await eventually('Deployment web available', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace })
      return d.status?.readyReplicas === 2 && d.status.availableReplicas === 2 && d
    })
    expect(ready.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True')
    const pods = await podsOf(namespace, 'web')
    expect(pods).toHaveLength(2)
    for (const pod of pods) {
      expect(pod.spec?.nodeName).toBe('sim-node')
      expect(pod.status?.phase).toBe('Running')
      expect(pod.status?.podIP).toMatch(/^10\.244\./)
      expect(pod.status?.containerStatuses?.[0]?.ready).toBe(true)
      expect((pod.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort()).toEqual([
        'ContainersReady=True',
        'Initialized=True',
        'PodScheduled=True',
        'Ready=True',
      ])
    }
    // The Service gets the ready pods as endpoints (the endpoint controller reads podIP and Ready).
    await core.createNamespacedService({
      namespace,
      body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
    })
    await eventually('Endpoints of web', async () => {
      const endpoints = await core.readNamespacedEndpoints({ name: 'web', namespace })
      return endpoints.subsets?.[0]?.addresses?.length === 2
    })

    await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace, body: { spec: { replicas: 0 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )
    await eventually('pods of web removed after scaling to 0', async () => (await podsOf(namespace, 'web')).length === 0)
  })

  it('binds the claims of a StatefulSet and makes its pods ready', async () => {
    const namespace = await createNamespace('sim-sts')
    await apps.createNamespacedStatefulSet({ namespace, body: statefulSet('db', 2) })
    await eventually(
      'StatefulSet db ready',
      async () => (await apps.readNamespacedStatefulSet({ name: 'db', namespace })).status?.readyReplicas === 2,
    )
    const claims = (await core.listNamespacedPersistentVolumeClaim({ namespace })).items
    expect(claims.map((c) => `${c.metadata?.name}:${c.status?.phase}`).sort()).toEqual(['data-db-0:Bound', 'data-db-1:Bound'])
    expect(claims[0]?.spec?.storageClassName).toBe('simulated') // the default StorageClass
    expect(claims[0]?.status?.capacity?.storage).toBe('2Gi')
    const volume = await core.readPersistentVolume({ name: claims[0]?.spec?.volumeName ?? '' })
    expect(volume.metadata?.labels?.['tenancy.dev/simulated']).toBe('true')
  })

  it('completes a Job (its pods succeed)', async () => {
    const namespace = await createNamespace('sim-job')
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'migrate' },
        spec: {
          backoffLimit: 0,
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'busybox:1.36', command: ['true'] }] } },
        },
      },
    })
    await eventually(
      'Job migrate complete',
      async () => (await batch.readNamespacedJob({ name: 'migrate', namespace })).status?.succeeded === 1,
    )
  })

  it('keeps pods matching a failing pattern unready, and readies them once the pattern is cleared', async () => {
    const namespace = await createNamespace('sim-fault')
    await setFailingPods([`${namespace}/crashy`])
    await apps.createNamespacedDeployment({ namespace, body: deployment('crashy', 1) })
    const [pod] = await eventually('crashy pod running', async () => {
      const pods = await podsOf(namespace, 'crashy')
      return pods.length === 1 && pods[0]?.status?.phase === 'Running' && pods
    })
    expect(isReady(pod!)).toBe(false)
    expect(pod!.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff')
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect((await apps.readNamespacedDeployment({ name: 'crashy', namespace })).status?.readyReplicas ?? 0).toBe(0)

    await setFailingPods([])
    await eventually(
      'crashy ready after clearing the pattern',
      async () => (await apps.readNamespacedDeployment({ name: 'crashy', namespace })).status?.readyReplicas === 1,
    )

    // A pattern added later takes a running, ready pod down too.
    await setFailingPods([`${namespace}/crashy`])
    const [crashing] = await eventually('crashy unready again', async () => {
      const pods = await podsOf(namespace, 'crashy')
      return pods.length === 1 && !isReady(pods[0]!) && pods
    })
    expect(crashing!.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThan(0)
    await setFailingPods([])
  })

  it('fills ResourceQuota status (controller-manager) and refuses an over-quota pod with 403', async () => {
    const namespace = await createNamespace('sim-quota')
    await core.createNamespacedResourceQuota({
      namespace,
      body: { metadata: { name: 'plan' }, spec: { hard: { pods: '1', 'requests.cpu': '1' } } },
    })
    await eventually(
      'quota status.used',
      async () => (await core.readNamespacedResourceQuota({ name: 'plan', namespace })).status?.used?.pods === '0',
    )
    const pod = (name: string) => ({
      metadata: { name },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '500m' } } }] },
    })
    await core.createNamespacedPod({ namespace, body: pod('first') })
    const refused = await core.createNamespacedPod({ namespace, body: pod('second') }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(ApiException)
    expect((refused as ApiException<unknown>).code).toBe(403)
    expect(JSON.stringify((refused as ApiException<unknown>).body)).toContain('exceeded quota')
    await eventually('quota used reflects the admitted pod', async () => {
      const used = (await core.readNamespacedResourceQuota({ name: 'plan', namespace })).status?.used
      return used?.pods === '1' && used['requests.cpu'] === '500m'
    })
  })

  it('lets a test act as a tenant ServiceAccount, limited by RBAC', async () => {
    const namespace = await createNamespace('sim-rbac')
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'tenant' } } })
    const token = await eventually('the ServiceAccount token Secret', async () => {
      const account = await core.readNamespacedServiceAccount({ name: 'tenant', namespace })
      const secretName = account.secrets?.[0]?.name
      if (!secretName) return null
      const secret = await core.readNamespacedSecret({ name: secretName, namespace })
      return secret.data?.token ? Buffer.from(secret.data.token, 'base64').toString('utf8') : null
    })
    const tenant = new KubeConfig()
    tenant.loadFromOptions({
      clusters: [{ ...kc.getCurrentCluster()!, name: 'local' }],
      users: [{ name: 'tenant', token }],
      contexts: [{ name: 'tenant', cluster: 'local', user: 'tenant', namespace }],
      currentContext: 'tenant',
    })
    const asTenant = tenant.makeApiClient(CoreV1Api)
    const denied = await asTenant.listNamespacedPod({ namespace }).then(
      () => null,
      (error: unknown) => error,
    )
    expect((denied as ApiException<unknown>).code).toBe(403)
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'tenant-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'tenant', namespace }],
      },
    })
    await eventually('tenant may list pods in its namespace', async () =>
      Array.isArray((await asTenant.listNamespacedPod({ namespace })).items),
    )
    const otherDenied = await asTenant.listNamespacedPod({ namespace: 'kube-system' }).then(
      () => null,
      (error: unknown) => error,
    )
    expect((otherDenied as ApiException<unknown>).code).toBe(403)
  })

  it('completes a namespace deletion with running workloads and bound claims', async () => {
    const namespace = await createNamespace('sim-delete')
    await apps.createNamespacedDeployment({ namespace, body: deployment('web', 2) })
    await apps.createNamespacedStatefulSet({ namespace, body: statefulSet('db', 1) })
    await eventually('workloads ready', async () => {
      const [d, s] = await Promise.all([
        apps.readNamespacedDeployment({ name: 'web', namespace }),
        apps.readNamespacedStatefulSet({ name: 'db', namespace }),
      ])
      return d.status?.readyReplicas === 2 && s.status?.readyReplicas === 1
    })
    const [claim] = (await core.listNamespacedPersistentVolumeClaim({ namespace })).items
    const volumeName = claim?.spec?.volumeName ?? ''
    expect(volumeName).not.toBe('')

    const started = Date.now()
    await core.deleteNamespace({ name: namespace })
    await eventually('namespace gone', () => isGone(() => core.readNamespace({ name: namespace })), 120_000)
    console.log(`namespace deletion took ${((Date.now() - started) / 1000).toFixed(1)} s`)
    await eventually('its simulated volume deleted', () => isGone(() => core.readPersistentVolume({ name: volumeName })), 60_000)
  })
})
