/**
 * The client against a local HTTP server that answers like the Kubernetes API server: what goes on
 * the wire (verbatim apply bodies, field manager, selectors), error mapping, request timeouts and
 * the watch re-established when the server ends it early. The same behaviours against a real API
 * server are in client.cluster.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKubeClient } from './client'
import { isKubeError, type KubeObject } from './port'

interface Recorded {
  method: string
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  body: string
}

type Handler = (req: Recorded, res: http.ServerResponse) => void

const DISCOVERY: Record<string, { name: string; kind: string; namespaced: boolean }[]> = {
  '/api/v1': [
    { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
    { name: 'namespaces', kind: 'Namespace', namespaced: false },
    { name: 'limitranges', kind: 'LimitRange', namespaced: true },
  ],
  '/apis/networking.k8s.io/v1': [{ name: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true }],
}

const TOKEN = 'sekret-token-0123456789'
let server: http.Server
let dir: string
let kubeconfigPath: string
let requests: Recorded[] = []
let handler: Handler = (_req, res) => json(res, 500, { kind: 'Status', code: 500, message: 'no handler' })

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function status(code: number, reason: string, message: string, causes?: unknown[]) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, ...(causes ? { details: { causes } } : {}) }
}

function configMap(name: string, data: Record<string, string>, resourceVersion: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion }, data }
}

/** Streams watch events, then ends the response (the server closing the watch) unless told to hold. */
function streamWatch(res: http.ServerResponse, events: { type: string; object: unknown }[], hold = false) {
  res.writeHead(200, { 'content-type': 'application/json' })
  for (const event of events) res.write(JSON.stringify(event) + '\n')
  if (!hold) res.end()
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const recorded = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }
      requests.push(recorded)
      const resources = DISCOVERY[url.pathname]
      if (req.method === 'GET' && resources)
        return json(res, 200, { kind: 'APIResourceList', groupVersion: url.pathname.replace(/^\/apis?\//, ''), resources })
      if (url.pathname === '/apis/example.com/v1')
        return json(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'))
      handler(recorded, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  dir = mkdtempSync(path.join(tmpdir(), 'kube-client-int-'))
  kubeconfigPath = path.join(dir, 'kubeconfig')
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: fake`,
      `  cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true }`,
      'users:',
      `- name: u`,
      `  user: { token: ${TOKEN} }`,
      'contexts:',
      '- name: c',
      '  context: { cluster: fake, user: u, namespace: ns }',
      'current-context: c',
    ].join('\n'),
  )
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  requests = []
})

const apiCalls = () => requests.filter((r) => !DISCOVERY[r.path])

describe('apply, get, list, patch, delete', () => {
  it('applies the object verbatim as a server-side apply patch with field manager tenancy', async () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-ingress-controller', namespace: 'tenant-a' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
      },
    }
    handler = (req, res) =>
      json(res, 200, {
        ...JSON.parse(req.body),
        metadata: { ...policy.metadata, resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z' },
      })
    const kube = createKubeClient({ kubeconfigPath })
    const applied = await kube.apply(policy, { force: true })

    const [call] = apiCalls()
    expect(call).toMatchObject({
      method: 'PATCH',
      path: '/apis/networking.k8s.io/v1/namespaces/tenant-a/networkpolicies/allow-ingress-controller',
    })
    expect(call!.headers['content-type']).toBe('application/apply-patch+yaml')
    expect(Object.fromEntries(call!.query)).toEqual({ fieldManager: 'tenancy', force: 'true' })
    // client-node's typed serializer would have dropped `from` (it reads `_from`).
    expect(JSON.parse(call!.body)).toEqual(policy)
    // Plain JSON back: strings stay strings.
    expect(applied.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z')
    expect(kube.requestCount()).toBe(2) // discovery of networking.k8s.io/v1, then the apply
  })

  it('keeps LimitRange defaults, sends dry runs as dryRun=All and counts every request', async () => {
    handler = (req, res) => json(res, 200, JSON.parse(req.body))
    const kube = createKubeClient({ kubeconfigPath })
    const limits = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'l', namespace: 'ns' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' } }] },
    }
    await kube.apply(limits, { dryRun: true })
    await kube.apply(limits)
    const [dry, real] = apiCalls()
    expect(JSON.parse(dry!.body).spec.limits[0].default).toEqual({ cpu: '500m' })
    expect(dry!.query.get('dryRun')).toBe('All')
    expect(real!.query.get('dryRun')).toBeNull()
    expect(real!.query.get('force')).toBeNull()
    expect(kube.requestCount()).toBe(3) // discovery once, cached
  })

  it('gets an object, or null when it does not exist', async () => {
    handler = (req, res) =>
      req.path.endsWith('/there')
        ? json(res, 200, configMap('there', { a: '1' }, '3'))
        : json(res, 404, status(404, 'NotFound', 'configmaps "gone" not found'))
    const kube = createKubeClient({ kubeconfigPath })
    expect(await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'there', namespace: 'ns' })).toMatchObject({ data: { a: '1' } })
    expect(await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', namespace: 'ns' })).toBeNull()
  })

  it('lists by label across pages and gives items their apiVersion and kind', async () => {
    handler = (req, res) => {
      const page = req.query.get('continue')
      const item = (name: string) => ({ metadata: { name, namespace: 'ns' }, data: {} })
      json(
        res,
        200,
        page
          ? { kind: 'ConfigMapList', metadata: {}, items: [item('c')] }
          : { kind: 'ConfigMapList', metadata: { continue: 'next' }, items: [item('a'), item('b')] },
      )
    }
    const kube = createKubeClient({ kubeconfigPath })
    const items = await kube.list('v1', 'ConfigMap', { namespace: 'ns', labelSelector: 'tenancy.dev/tenant=t1' })
    expect(items.map((i) => [i.apiVersion, i.kind, i.metadata.name])).toEqual([
      ['v1', 'ConfigMap', 'a'],
      ['v1', 'ConfigMap', 'b'],
      ['v1', 'ConfigMap', 'c'],
    ])
    const calls = apiCalls()
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/namespaces/ns/configmaps', '/api/v1/namespaces/ns/configmaps'])
    expect(calls.map((c) => c.query.get('labelSelector'))).toEqual(['tenancy.dev/tenant=t1', 'tenancy.dev/tenant=t1'])
    expect(calls[1]!.query.get('continue')).toBe('next')
    // Cluster-wide when no namespace is given.
    await kube.list('v1', 'Namespace')
    expect(apiCalls().at(-1)!.path).toBe('/api/v1/namespaces')
  })

  it('merge-patches and deletes with a propagation policy; false when already gone', async () => {
    let deleted = false
    handler = (req, res) => {
      if (req.method === 'PATCH') return json(res, 200, configMap('c', { a: '2' }, '9'))
      if (req.method === 'DELETE') {
        if (deleted) return json(res, 404, status(404, 'NotFound', 'configmaps "c" not found'))
        deleted = true
        return json(res, 200, { kind: 'Status', status: 'Success' })
      }
    }
    const kube = createKubeClient({ kubeconfigPath })
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'ns' }
    await kube.patch(ref, { data: { a: '2' } })
    expect(await kube.delete(ref, { propagationPolicy: 'Foreground' })).toBe(true)
    expect(await kube.delete(ref)).toBe(false)
    const [patch, del] = apiCalls()
    expect(patch!.headers['content-type']).toBe('application/merge-patch+json')
    expect(JSON.parse(patch!.body)).toEqual({ data: { a: '2' } })
    expect(JSON.parse(del!.body)).toMatchObject({ propagationPolicy: 'Foreground' })
  })

  it('pings /version', async () => {
    handler = (req, res) => json(res, 200, { major: '1', minor: '20', gitVersion: 'v1.20.2' })
    expect(await createKubeClient({ kubeconfigPath }).ping()).toEqual({ gitVersion: 'v1.20.2' })
    expect(apiCalls()[0]!.path).toBe('/version')
  })
})

describe('errors', () => {
  it('maps refusals to codes, naming invalid fields, and never echoes the token', async () => {
    const answers: Record<string, [number, unknown]> = {
      invalid: [
        422,
        status(422, 'Invalid', 'ConfigMap "invalid" is invalid', [
          { field: 'data.Bad Key', message: 'Invalid value: "Bad Key": a valid config key must consist of alphanumeric characters' },
        ]),
      ],
      quota: [
        403,
        status(
          403,
          'Forbidden',
          'configmaps "quota" is forbidden: exceeded quota: tenant-quota, ' +
            'requested: configmaps=1, used: configmaps=20, limited: configmaps=20',
        ),
      ],
      forbidden: [
        403,
        status(
          403,
          'Forbidden',
          'configmaps "forbidden" is forbidden: User "system:serviceaccount:t:w" cannot patch resource "configmaps"',
        ),
      ],
      conflict: [409, status(409, 'Conflict', 'Apply failed with 1 conflict: conflict with "kubectl" using v1: .data.a')],
      unauthorized: [401, status(401, 'Unauthorized', 'Unauthorized')],
      broken: [503, 'upstream connect error'],
    }
    handler = (req, res) => {
      const [code, body] = answers[req.path.split('/').at(-1)!]!
      if (typeof body === 'string') {
        res.writeHead(code)
        res.end(body)
      } else json(res, code, body)
    }
    const kube = createKubeClient({ kubeconfigPath })
    const codes: Record<string, string> = {}
    for (const name of Object.keys(answers)) {
      const error = await kube.apply(configMap(name, {}, '1')).catch((e: unknown) => e)
      if (!isKubeError(error)) throw new Error(`expected a KubeError for ${name}, got ${String(error)}`)
      codes[name] = error.code
      expect(error.message).not.toContain(TOKEN)
      if (name === 'invalid') expect(error.message).toContain('data.Bad Key: Invalid value')
    }
    expect(codes).toEqual({
      invalid: 'INVALID',
      quota: 'QUOTA',
      forbidden: 'FORBIDDEN',
      conflict: 'CONFLICT',
      unauthorized: 'UNAUTHORIZED',
      broken: 'UNAVAILABLE',
    })
    expect(apiCalls()[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it('refuses a kind the API server does not serve instead of calling it missing', async () => {
    const kube = createKubeClient({ kubeconfigPath })
    await expect(kube.get({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' })).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('example.com/v1'),
    })
    await expect(kube.get({ apiVersion: 'v1', kind: 'Widget', name: 'w', namespace: 'ns' })).rejects.toMatchObject({
      code: 'INVALID',
      message: 'the API server has no kind Widget in v1',
    })
  })

  it('gives up on a request after requestTimeoutMs', async () => {
    handler = () => undefined // never answers
    const kube = createKubeClient({ kubeconfigPath, requestTimeoutMs: 300 })
    const started = Date.now()
    await expect(kube.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'the API server did not answer within 300 ms' })
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('reports an unreachable API server as UNAVAILABLE', async () => {
    const closed = http.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const { port } = closed.address() as AddressInfo
    await new Promise((r) => closed.close(r))
    const file = path.join(dir, 'unreachable')
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\n` +
        `clusters: [{name: x, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\n` +
        `users: [{name: u, user: {token: ${TOKEN}}}]\ncontexts: [{name: c, context: {cluster: x, user: u}}]\ncurrent-context: c\n`,
    )
    const error = await createKubeClient({ kubeconfigPath: file })
      .ping()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') })
    expect((error as Error).message).not.toContain(TOKEN)
  })
})

describe('waitFor', () => {
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'app', namespace: 'ns' }
  const isReady = (o: KubeObject | null) => (o?.data as Record<string, string> | undefined)?.ready === 'yes'

  it('lists once, then watches; a watch the server ends early is re-established from the last version seen', async () => {
    let watches = 0
    handler = (req, res) => {
      if (req.query.get('watch') !== 'true')
        return json(res, 200, {
          kind: 'ConfigMapList',
          metadata: { resourceVersion: '10' },
          items: [configMap('app', { ready: 'no' }, '10')],
        })
      watches += 1
      if (watches === 1) return streamWatch(res, [{ type: 'MODIFIED', object: configMap('app', { ready: 'almost' }, '11') }]) // ends early
      // The second watch ends early too, after a bookmark.
      if (watches === 2) return streamWatch(res, [{ type: 'BOOKMARK', object: { kind: 'ConfigMap', metadata: { resourceVersion: '12' } } }])
      streamWatch(res, [{ type: 'MODIFIED', object: configMap('app', { ready: 'yes' }, '13') }], true)
    }
    const kube = createKubeClient({ kubeconfigPath })
    const object = await kube.waitFor(ref, isReady, { timeoutMs: 5000 })
    expect(object).toMatchObject({ data: { ready: 'yes' } })
    const calls = apiCalls()
    expect(calls.map((c) => [c.query.get('watch'), c.query.get('resourceVersion')])).toEqual([
      [null, null],
      ['true', '10'],
      ['true', '11'],
      ['true', '12'],
    ])
    for (const call of calls) expect(call.query.get('fieldSelector')).toBe('metadata.name=app')
    expect(calls[1]!.path).toBe('/api/v1/namespaces/ns/configmaps')
    expect(kube.requestCount()).toBe(5) // discovery, list, three watches
  })

  it('returns at once when the listed state already satisfies the predicate', async () => {
    handler = (req, res) =>
      json(res, 200, { kind: 'ConfigMapList', metadata: { resourceVersion: '4' }, items: [configMap('app', { ready: 'yes' }, '4')] })
    const kube = createKubeClient({ kubeconfigPath })
    expect(await kube.waitFor(ref, isReady, { timeoutMs: 1000 })).toMatchObject({ metadata: { name: 'app' } })
    expect(apiCalls()).toHaveLength(1)
  })

  it('waits for an object to be gone (DELETED gives null)', async () => {
    handler = (req, res) => {
      if (req.query.get('watch') !== 'true')
        return json(res, 200, { kind: 'ConfigMapList', metadata: { resourceVersion: '20' }, items: [configMap('app', {}, '20')] })
      streamWatch(res, [{ type: 'DELETED', object: configMap('app', {}, '21') }], true)
    }
    const kube = createKubeClient({ kubeconfigPath })
    expect(await kube.waitFor(ref, (o) => o === null, { timeoutMs: 5000 })).toBeNull()
  })

  it('lists again when the watch history has expired (410)', async () => {
    let lists = 0
    handler = (req, res) => {
      if (req.query.get('watch') !== 'true') {
        lists += 1
        return json(res, 200, {
          kind: 'ConfigMapList',
          metadata: { resourceVersion: String(lists * 100) },
          items: [configMap('app', { ready: lists > 1 ? 'yes' : 'no' }, '1')],
        })
      }
      streamWatch(res, [{ type: 'ERROR', object: status(410, 'Expired', 'too old resource version: 100 (150)') }], true)
    }
    const kube = createKubeClient({ kubeconfigPath })
    await kube.waitFor(ref, isReady, { timeoutMs: 5000 })
    expect(lists).toBe(2)
  })

  it('times out naming the object and its last observed status', async () => {
    handler = (req, res) => {
      if (req.query.get('watch') !== 'true') return json(res, 200, { kind: 'ConfigMapList', metadata: { resourceVersion: '1' }, items: [] })
      streamWatch(res, [{ type: 'ADDED', object: { ...configMap('app', { ready: 'no' }, '2'), status: { phase: 'Pending' } } }], true)
    }
    const kube = createKubeClient({ kubeconfigPath })
    const started = Date.now()
    await expect(kube.waitFor(ref, isReady, { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'ConfigMap ns/app did not become ready within 0.5s: phase Pending',
    })
    expect(Date.now() - started).toBeLessThan(2000)
    await expect(kube.waitFor(ref, isReady, { timeoutMs: 300, description: 'the app' })).rejects.toMatchObject({
      message: 'the app did not become ready within 0.3s: phase Pending',
    })
  })

  it('gives up on a watch it may not open', async () => {
    handler = (req, res) => {
      if (req.query.get('watch') !== 'true') return json(res, 200, { kind: 'ConfigMapList', metadata: { resourceVersion: '1' }, items: [] })
      json(res, 403, status(403, 'Forbidden', 'cannot watch'))
    }
    await expect(createKubeClient({ kubeconfigPath }).waitFor(ref, isReady, { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })

  it('propagates an exception thrown by the predicate', async () => {
    handler = (req, res) => {
      if (req.query.get('watch') !== 'true') return json(res, 200, { kind: 'ConfigMapList', metadata: { resourceVersion: '1' }, items: [] })
      streamWatch(res, [{ type: 'ADDED', object: configMap('app', {}, '2') }], true)
    }
    const boom = (o: KubeObject | null) => {
      if (o) throw new Error('predicate broke')
      return false
    }
    await expect(createKubeClient({ kubeconfigPath }).waitFor(ref, boom, { timeoutMs: 5000 })).rejects.toThrow('predicate broke')
  })
})
