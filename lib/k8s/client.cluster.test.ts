/**
 * The Kubernetes port against the real API server of `npm run cluster:up` (Kubernetes 1.20 with
 * its controller-manager): server-side apply and its conflicts, errors as the server words them,
 * quota admission, watches, namespace deletion, custom resources of a CRD, and the service proxy the
 * health checks use.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { until } from '../testing/until'
import { clusterKubeconfigPath, isClusterUp } from './testing/cluster'
import { createKubeClient, type KubeClient } from './client'
import { isKubeError, type KubeObject } from './port'

const suffix = crypto.randomBytes(3).toString('hex')
const namespace = `k8s-client-${suffix}`
const labels = { 'app.kubernetes.io/managed-by': 'tenancy-tests', 'test.tenancy.dev/suite': `client-${suffix}` }
let kube: KubeClient

const configMap = (name: string, data: Record<string, string>, extraLabels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: { ...labels, ...extraLabels } },
  data,
})

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!isKubeError(error)) throw new Error(`expected a KubeError, got ${error === undefined ? 'success' : String(error)}`)
  return error
}

beforeAll(async () => {
  if (!(await isClusterUp())) throw new Error('the local cluster is not up: run npm run cluster:up (or npm run test:cluster)')
  kube = createKubeClient({ kubeconfigPath: clusterKubeconfigPath() })
  await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } })
})

afterAll(async () => {
  await kube?.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(() => undefined)
})

describe('KubePort on a real API server', () => {
  it('pings /version', async () => {
    expect((await kube.ping()).gitVersion).toMatch(/^v1\.\d+\.\d+/)
  })

  it('applies: creates, then re-applying the same object changes nothing', async () => {
    const created = await kube.apply(configMap('idempotent', { a: '1' }))
    expect(created.metadata).toMatchObject({ name: 'idempotent', namespace })
    const again = await kube.apply(configMap('idempotent', { a: '1' }))
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
    const managers = (again.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`)
    expect(managers).toEqual(['tenancy/Apply'])
    const changed = await kube.apply(configMap('idempotent', { a: '2' }))
    expect(changed.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion)
    expect(changed.data).toEqual({ a: '2' })
  })

  it('dry-run apply validates without persisting', async () => {
    await kube.apply(configMap('dry', { a: '1' }), { dryRun: true })
    expect(await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'dry', namespace })).toBeNull()
  })

  it('refuses to take a field another manager owns (CONFLICT), and takes it with force', async () => {
    const other = createKubeClient({ kubeconfigPath: clusterKubeconfigPath(), fieldManager: 'someone-else' })
    await other.apply(configMap('contested', { key: 'theirs' }))
    const error = await refusal(kube.apply(configMap('contested', { key: 'ours' })))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain('someone-else')
    expect(error.message).toContain('.data.key')
    const forced = await kube.apply(configMap('contested', { key: 'ours' }), { force: true })
    expect(forced.data).toEqual({ key: 'ours' })
    const owners = (forced.metadata.managedFields as { manager: string; fieldsV1?: { 'f:data'?: Record<string, unknown> } }[])
      .filter((m) => m.fieldsV1?.['f:data']?.['f:key'])
      .map((m) => m.manager)
    expect(owners).toEqual(['tenancy'])
  })

  it('gets null for a missing object and lists by label', async () => {
    expect(await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'never-created', namespace })).toBeNull()
    expect(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: `missing-${suffix}` })).toBeNull()
    await kube.apply(configMap('listed-1', {}, { 'test.tenancy.dev/pick': 'yes' }))
    await kube.apply(configMap('listed-2', {}, { 'test.tenancy.dev/pick': 'yes' }))
    await kube.apply(configMap('not-listed', {}, { 'test.tenancy.dev/pick': 'no' }))
    const picked = await kube.list('v1', 'ConfigMap', { namespace, labelSelector: 'test.tenancy.dev/pick=yes' })
    expect(picked.map((o) => o.metadata.name).sort()).toEqual(['listed-1', 'listed-2'])
    expect(picked.every((o) => o.apiVersion === 'v1' && o.kind === 'ConfigMap')).toBe(true)
    const namespaces = await kube.list('v1', 'Namespace', { labelSelector: `test.tenancy.dev/suite=client-${suffix}` })
    expect(namespaces.map((o) => o.metadata.name)).toEqual([namespace])
  })

  it('merge-patches an object', async () => {
    await kube.apply(configMap('patched', { a: '1', b: '2' }))
    const patched = await kube.patch({ apiVersion: 'v1', kind: 'ConfigMap', name: 'patched', namespace }, { data: { a: '10', b: null } })
    expect(patched.data).toEqual({ a: '10' })
  })

  it('reports an invalid object as INVALID, naming the field', async () => {
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'bad-port', namespace, labels },
      spec: { selector: { app: 'x' }, ports: [{ port: 99999, protocol: 'TCP' }] },
    }
    const error = await refusal(kube.apply(service))
    expect(error.code).toBe('INVALID')
    expect(error.status).toBe(422)
    expect(error.message).toContain('spec.ports[0].port')
    // 1.20 cannot server-side apply a port without its protocol (a key of the list): it answers
    // 500, which is still the caller's mistake.
    const untypable = await refusal(
      kube.apply({
        ...service,
        metadata: { ...service.metadata, name: 'no-protocol' },
        spec: { selector: { app: 'x' }, ports: [{ port: 80 }] },
      }),
    )
    expect(untypable.code).toBe('INVALID')
    expect(untypable.message).toContain('.spec.ports')
    const badName = await refusal(kube.apply(configMap('Not_A_Name', {})))
    expect(badName.code).toBe('INVALID')
    expect(badName.message).toContain('metadata.name')
  })

  it('reports an object over the namespace quota as QUOTA', async () => {
    await kube.apply({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'small', namespace, labels },
      spec: { hard: { 'services.loadbalancers': '0', 'services.nodeports': '0', services: '1' } },
    })
    // Quota admission waits for the controller-manager to compute usage.
    await kube.waitFor(
      { apiVersion: 'v1', kind: 'ResourceQuota', name: 'small', namespace },
      (q) => Boolean((q?.status as { hard?: object } | undefined)?.hard),
      {
        timeoutMs: 60_000,
      },
    )
    const service = (name: string, type: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: { type, selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] },
    })
    const error = await refusal(kube.apply(service('balancer', 'LoadBalancer')))
    expect(error.code).toBe('QUOTA')
    expect(error.message).toContain('exceeded quota: small')
    expect(error.message).toContain('services.loadbalancers')
  })

  it('waits through a watch until the predicate holds, without polling', async () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'progress', namespace }
    await kube.apply(configMap('progress', { step: '1' }))
    const before = kube.requestCount()
    const writer = createKubeClient({ kubeconfigPath: clusterKubeconfigPath() })
    const updates = (async () => {
      for (const step of ['2', '3', '4']) {
        await new Promise((r) => setTimeout(r, 300))
        await writer.apply(configMap('progress', { step }))
      }
    })()
    const started = Date.now()
    const seen = await kube.waitFor(ref, (o) => (o?.data as { step?: string } | undefined)?.step === '4', { timeoutMs: 30_000 })
    await updates
    expect(seen?.data).toEqual({ step: '4' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(800)
    // One list and one watch, whatever the wait lasted.
    expect(kube.requestCount() - before).toBe(2)
  })

  it('times out naming the object and what it last looked like', async () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'never-ready', namespace }
    await kube.apply(configMap('never-ready', { ready: 'no' }))
    const error = await refusal(kube.waitFor(ref, (o) => (o?.data as { ready?: string } | undefined)?.ready === 'yes', { timeoutMs: 1500 }))
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toBe(`ConfigMap ${namespace}/never-ready did not become ready within 1.5s: exists, no status reported`)
    const missing = await refusal(
      kube.waitFor({ ...ref, name: 'nowhere' }, (o) => o !== null, { timeoutMs: 1000, description: 'the app configuration' }),
    )
    expect(missing.message).toBe('the app configuration did not become ready within 1s: does not exist')
  })

  it('deletes: false when already gone; a namespace is gone once its finalizers ran', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'doomed', namespace }
    await kube.apply(configMap('doomed', {}))
    expect(await kube.delete(cm)).toBe(true)
    expect(await kube.delete(cm)).toBe(false)

    const doomed = `k8s-client-gone-${suffix}`
    const nsRef = { apiVersion: 'v1', kind: 'Namespace', name: doomed }
    await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: doomed, labels } })
    await kube.apply({ ...configMap('inside', {}), metadata: { name: 'inside', namespace: doomed, labels } })
    const started = Date.now()
    expect(await kube.delete(nsRef, { propagationPolicy: 'Foreground' })).toBe(true)
    expect(await kube.waitFor(nsRef, (o) => o === null, { timeoutMs: 120_000 })).toBeNull()
    expect(await kube.get(nsRef)).toBeNull()
    expect(Date.now() - started).toBeLessThan(120_000)
    expect(await kube.delete(nsRef)).toBe(false)
  })

  it('refuses a kind the API server does not serve', async () => {
    const error = await refusal(kube.get({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: 'x', namespace }))
    expect(error.code).toBe('INVALID')
  })

  it('writes, reads and deletes a custom resource of a CRD it registers (the API server survives the first write)', async () => {
    const group = `k8s-client-${suffix}.tenancy.dev`
    const crdRef = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `widgets.${group}` }
    await kube.apply({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: crdRef.name, labels },
      spec: {
        group,
        scope: 'Namespaced',
        names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: { size: { type: 'integer' }, tags: { type: 'object', additionalProperties: { type: 'string' } } },
                  },
                },
              },
            },
          },
        ],
      },
    })
    try {
      await kube.waitFor(
        crdRef,
        (o) =>
          ((o?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
            (c) => c.type === 'Established' && c.status === 'True',
          ),
        { timeoutMs: 60_000 },
      )
      const apiVersion = `${group}/v1`
      const ref = { apiVersion, kind: 'Widget', name: 'first', namespace }
      // A map in the object: what reflect2 1.0.1 (built with Go ≥ 1.18) crashed on, in the API server's conversion.
      const widget = {
        apiVersion,
        kind: 'Widget',
        metadata: { name: 'first', namespace, labels },
        spec: { size: 3, tags: { a: 'x', b: 'y' } },
      }
      // Discovery may lag the Established condition by a moment.
      const created = await until(
        () => kube.apply(widget).catch((error: unknown) => (isKubeError(error, 'INVALID') ? null : Promise.reject(error))),
        (o) => o !== null,
        30_000,
      )
      expect(created!.spec).toEqual({ size: 3, tags: { a: 'x', b: 'y' } })
      expect((await kube.get(ref))?.spec).toEqual({ size: 3, tags: { a: 'x', b: 'y' } })
      expect((await kube.list(apiVersion, 'Widget', { namespace })).map((o) => o.metadata.name)).toEqual(['first'])
      expect(await kube.delete(ref)).toBe(true)
      expect(await kube.get(ref)).toBeNull()
      expect((await kube.ping()).gitVersion).toMatch(/^v1\./)
    } finally {
      await kube.delete(crdRef)
    }
    expect(await kube.waitFor(crdRef, (o) => o === null, { timeoutMs: 60_000 })).toBeNull()
  })

  it('GETs a path of a Service through the API server’s service proxy: the app’s own status and body, 503 without endpoints', async () => {
    // A real HTTP server on this host, behind a selector-less Service whose Endpoints name the host's own address.
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address
    if (!address) throw new Error('this host has no non-loopback IPv4 address for an Endpoints object')
    const server = http.createServer((request, response) => {
      if (request.url === '/readyz') response.end('ready')
      else if (request.url === '/big') response.end('x'.repeat(100_000))
      else {
        response.statusCode = 503
        response.end('database down')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      // The API server proxies only to pod addresses (an Endpoints address needs a Pod targetRef whose
      // IP it is): a Pod the node simulator holds, its IP set to this host's.
      await kube.apply({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'health-host', namespace, labels },
        spec: { automountServiceAccountToken: false, containers: [{ name: 'host', image: 'none' }] },
      })
      const pod = { apiVersion: 'v1', kind: 'Pod', name: 'health-host', namespace }
      const podIp = async () => ((await kube.get(pod))?.status as { podIP?: string } | undefined)?.podIP
      // The simulator gives the pod its own address first; ours is set after it, so it stays.
      await until(podIp, Boolean, 30_000)
      const kc = new KubeConfig()
      kc.loadFromFile(clusterKubeconfigPath())
      await kc.makeApiClient(CoreV1Api).patchNamespacedPodStatus({
        name: 'health-host',
        namespace,
        body: [
          { op: 'replace', path: '/status/podIP', value: address },
          { op: 'replace', path: '/status/podIPs', value: [{ ip: address }] },
        ],
      })
      expect(await until(podIp, (ip) => ip === address, 10_000)).toBe(address)
      await kube.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'health', namespace, labels },
        spec: { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: port }] },
      })
      await kube.apply({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'health', namespace, labels },
        subsets: [
          {
            addresses: [{ ip: address, targetRef: { kind: 'Pod', name: 'health-host', namespace } }],
            ports: [{ name: 'http', protocol: 'TCP', port }],
          },
        ],
      })
      const service = { namespace, name: 'health', port: 80 }
      expect(await kube.proxyGet(service, '/readyz', { timeoutMs: 10_000 })).toEqual({ status: 200, body: 'ready' })
      expect(await kube.proxyGet(service, '/down', { timeoutMs: 10_000 })).toEqual({ status: 503, body: 'database down' })
      expect((await kube.proxyGet(service, '/big', { timeoutMs: 10_000 })).body).toHaveLength(4096)
      // A Service nobody serves (Endpoints without addresses): the API server's own 503.
      await kube.delete({ apiVersion: 'v1', kind: 'Endpoints', name: 'health', namespace })
      await kube.apply({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'health', namespace, labels }, subsets: [] })
      const nobody = await kube.proxyGet(service, '/readyz', { timeoutMs: 10_000 })
      expect(nobody.status).toBe(503)
      expect(nobody.body).toContain('no endpoints available')
      // Nothing that would leave the proxy for the API server's own paths.
      for (const bad of ['/readyz?x=1', '/../../../../api/v1/secrets', '/%2e%2e/%2e%2e/api', '/a/./b'])
        await expect(kube.proxyGet(service, bad, { timeoutMs: 1_000 }), bad).rejects.toMatchObject({ code: 'INVALID' })
    } finally {
      server.close()
    }
  })
})
