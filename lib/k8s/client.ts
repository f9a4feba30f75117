/**
 * The real Kubernetes port, over @kubernetes/client-node 1.4 (DESIGN.md §2 "Ports").
 *
 * Requests go through client-node's KubernetesObjectApi (kubeconfig/in-cluster auth, TLS, API
 * discovery, URL building), with two changes made in a subclass:
 * - bodies are sent as the JSON we were given. client-node's typed serializer renames and drops
 *   fields on the way out (it reads `_from` for NetworkPolicy `from` and `_default` for LimitRange
 *   `default`, so both vanish from plain JSON): a NetworkPolicy applied through it would allow
 *   traffic from everywhere;
 * - answers come back as plain JSON (no Date objects or model classes), and every refusal leaves
 *   as a KubeError (lib/k8s/errors.ts).
 *
 * waitFor lists the object once (for its state and a resourceVersion) and then WATCHES it with a
 * field selector on its name, re-establishing the watch when the server ends it, until the
 * predicate holds or the time is up.
 */
import http from 'node:http'
import https from 'node:https'
import {
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  Observable,
  Watch,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node'
import { describeRef, summarizeStatus } from './describe'
import { kubeErrorFromException, kubeErrorFromStatus } from './errors'
import { KubeError, type KubeObject, type KubePort, type ObjectRef, type ProxyAnswer, type WaitOptions } from './port'

/** What a health check reads of an answer. */
const PROXY_BODY_LIMIT = 4096

export const FIELD_MANAGER = 'tenancy'

export interface KubeClientOptions {
  /** A kubeconfig file (its current context is used). */
  kubeconfigPath?: string
  /** Use the pod's service account instead of a kubeconfig. */
  inCluster?: boolean
  /** Per request, watches excepted (default 30 s). */
  requestTimeoutMs?: number
  /** Server-side apply field manager (default `tenancy`). */
  fieldManager?: string
  /** Reuse TLS connections between requests (default true). */
  keepAlive?: boolean
}

export interface KubeClient extends KubePort {
  /** HTTP requests made so far (API discovery, watches and retries included). */
  requestCount(): number
  /** The API server this client talks to. */
  readonly server: string
}

interface KubeList {
  metadata?: { resourceVersion?: string; continue?: string }
  items?: KubeObject[]
}

const LIST_PAGE_SIZE = 500
const WATCH_RETRY_DELAY_MS = 250

/** client-node's object API, sending and returning plain JSON and throwing KubeErrors. */
class JsonObjectApi extends KubernetesObjectApi {
  requests = 0
  timeoutMs = 30_000

  /** As KubernetesObjectApi.makeApiClient: the default namespace comes from the current context. */
  static fromKubeConfig(kc: KubeConfig): JsonObjectApi {
    const api = kc.makeApiClient(JsonObjectApi)
    api.setDefaultNamespace(kc)
    return api
  }

  protected override async processResponse<T>(response: ResponseContext): Promise<T> {
    const text = await response.body.text()
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return (text ? JSON.parse(text) : {}) as T
    throw kubeErrorFromStatus(response.httpStatusCode, text)
  }

  protected override async requestPromise<T>(context: RequestContext): Promise<T> {
    this.requests += 1
    context.setSignal(AbortSignal.timeout(this.timeoutMs))
    try {
      return await super.requestPromise<never>(context)
    } catch (error) {
      throw kubeErrorFromException(error, { timeoutMs: this.timeoutMs })
    }
  }

  /** Discovery: a kind the API server does not serve is the caller's mistake, not a missing object. */
  protected override async resource(apiVersion: string, kind: string) {
    let found
    try {
      found = await super.resource(apiVersion, kind)
    } catch (error) {
      if (error instanceof KubeError && error.code === 'NOT_FOUND')
        throw new KubeError('INVALID', `the API server does not serve ${apiVersion} (is its CRD installed?)`, 404)
      throw kubeErrorFromException(error)
    }
    if (!found) throw new KubeError('INVALID', `the API server has no kind ${kind} in ${apiVersion}`)
    return found
  }

  /** /api/v1/namespaces/<ns>/configmaps, /apis/apps/v1/deployments… */
  async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    return this.specUriPath({ apiVersion, kind, metadata: namespace ? { namespace } : {} }, 'list')
  }

  async send<T>(
    method: HttpMethod,
    path: string,
    options: { query?: Record<string, string | undefined>; body?: unknown; contentType?: string } = {},
  ): Promise<T> {
    const context = this.configuration.baseServer.makeRequestContext(path, method)
    context.setHeaderParam('Accept', 'application/json')
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) context.setQueryParam(name, value)
    if (options.body !== undefined) {
      context.setHeaderParam('Content-Type', options.contentType ?? 'application/json')
      context.setBody(JSON.stringify(options.body))
    }
    return this.requestPromise<T>(context)
  }

  /** Built here rather than by specUriPath, which lowercases the whole path, names included. */
  async objectPath(ref: ObjectRef): Promise<string> {
    if (!ref.name) throw new KubeError('INVALID', `a ${ref.kind} reference needs a name`)
    const namespace = ref.namespace ?? ((await this.isNamespaced(ref.apiVersion, ref.kind)) ? this.defaultNamespace : undefined)
    return `${await this.collectionPath(ref.apiVersion, ref.kind, namespace)}/${encodeURIComponent(ref.name)}`
  }

  private async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resource(apiVersion, kind)).namespaced
  }

  /**
   * The agent client-node makes for every request carries the TLS settings but no keep-alive: one
   * TLS handshake per request. Reuse one keep-alive agent with the same settings instead.
   */
  reuseConnections(): void {
    let shared: http.Agent | undefined
    this.configuration.middleware.push({
      pre: (context: RequestContext) => {
        const agent = context.getAgent()
        if (agent && (agent.constructor === https.Agent || agent.constructor === http.Agent)) {
          shared ??=
            agent instanceof https.Agent ? new https.Agent({ ...agent.options, keepAlive: true }) : new http.Agent({ keepAlive: true })
          context.setAgent(shared)
        }
        return new Observable(Promise.resolve(context))
      },
      post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
    })
  }
}

function loadKubeConfig(options: KubeClientOptions): KubeConfig {
  const kc = new KubeConfig()
  try {
    if (options.inCluster) kc.loadFromCluster()
    else if (options.kubeconfigPath) kc.loadFromFile(options.kubeconfigPath)
    else kc.loadFromDefault()
  } catch (error) {
    const from = options.kubeconfigPath ? ` from ${options.kubeconfigPath}` : ''
    const reason = error instanceof Error ? error.message : String(error)
    throw new KubeError('UNAVAILABLE', `cannot load the cluster configuration${from}: ${reason}`)
  }
  if (!kc.getCurrentCluster()) throw new KubeError('UNAVAILABLE', 'the cluster configuration has no current cluster')
  return kc
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return Number.isInteger(seconds) ? `${seconds}s` : `${Number(seconds.toFixed(1))}s`
}

type WatchOutcome =
  | { kind: 'done'; object: KubeObject | null }
  | { kind: 'ended' }
  | { kind: 'expired' }
  | { kind: 'timeout' }
  | { kind: 'failed'; error: KubeError }

export function createKubeClient(options: KubeClientOptions = {}): KubeClient {
  const kc = loadKubeConfig(options)
  const api = JsonObjectApi.fromKubeConfig(kc)
  api.timeoutMs = options.requestTimeoutMs ?? 30_000
  if (options.keepAlive !== false) api.reuseConnections()
  const fieldManager = options.fieldManager ?? FIELD_MANAGER
  const watcher = new Watch(kc)
  const server = kc.getCurrentCluster()!.server

  async function get(ref: ObjectRef): Promise<KubeObject | null> {
    try {
      return await api.send<KubeObject>(HttpMethod.GET, await api.objectPath(ref))
    } catch (error) {
      if (error instanceof KubeError && error.code === 'NOT_FOUND') return null
      throw error
    }
  }

  async function listPage(
    apiVersion: string,
    kind: string,
    query: { namespace?: string; labelSelector?: string; fieldSelector?: string; continueToken?: string },
  ): Promise<KubeList> {
    return api.send<KubeList>(HttpMethod.GET, await api.collectionPath(apiVersion, kind, query.namespace), {
      query: {
        labelSelector: query.labelSelector,
        fieldSelector: query.fieldSelector,
        limit: String(LIST_PAGE_SIZE),
        continue: query.continueToken,
      },
    })
  }

  /** One watch connection: resolves when the predicate holds, the server ends it, or time is up. */
  function watchOnce(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    remainingMs: number,
    onEvent: (type: string, object: KubeObject) => boolean,
  ): Promise<WatchOutcome> {
    return new Promise((resolve, reject) => {
      let settled = false
      let controller: AbortController | undefined
      const finish = (outcome: WatchOutcome | Error) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        controller?.abort()
        if (outcome instanceof Error) reject(outcome)
        else resolve(outcome)
      }
      const timer = setTimeout(() => finish({ kind: 'timeout' }), remainingMs)
      api.requests += 1
      watcher
        .watch(
          path,
          query,
          (type, object: KubeObject) => {
            if (settled) return
            if (type === 'ERROR') {
              const status = object as unknown as { code?: number }
              if (status.code === 410) finish({ kind: 'expired' })
              else finish({ kind: 'failed', error: kubeErrorFromStatus(status.code ?? 500, object) })
              return
            }
            try {
              if (onEvent(type, object)) finish({ kind: 'done', object: type === 'DELETED' ? null : object })
            } catch (error) {
              finish(error instanceof Error ? error : new Error(String(error)))
            }
          },
          (error: unknown) => {
            if (settled) return
            if (error) finish({ kind: 'failed', error: kubeErrorFromException(error) })
            else finish({ kind: 'ended' })
          },
        )
        .then((c) => {
          controller = c
          if (settled) c.abort()
        })
        .catch((error: unknown) => finish({ kind: 'failed', error: kubeErrorFromException(error) }))
    })
  }

  const client: KubeClient = {
    server,

    requestCount: () => api.requests,

    async apply(object, applyOptions = {}) {
      if (!object?.metadata?.name) throw new KubeError('INVALID', `cannot apply a ${object?.kind ?? 'object'} without metadata.name`)
      const path = await api.objectPath({
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        namespace: object.metadata.namespace,
      })
      return api.send<KubeObject>(HttpMethod.PATCH, path, {
        query: { fieldManager, force: applyOptions.force ? 'true' : undefined, dryRun: applyOptions.dryRun ? 'All' : undefined },
        body: object,
        contentType: 'application/apply-patch+yaml',
      })
    },

    get,

    async list(apiVersion, kind, listOptions = {}) {
      const items: KubeObject[] = []
      let continueToken: string | undefined
      do {
        const page = await listPage(apiVersion, kind, { ...listOptions, continueToken })
        // List items carry no apiVersion/kind of their own: give them back.
        for (const item of page.items ?? []) items.push({ ...item, apiVersion, kind })
        continueToken = page.metadata?.continue || undefined
      } while (continueToken)
      return items
    },

    async patch(ref, patch) {
      return api.send<KubeObject>(HttpMethod.PATCH, await api.objectPath(ref), { body: patch, contentType: 'application/merge-patch+json' })
    },

    async delete(ref, deleteOptions = {}) {
      try {
        await api.send(HttpMethod.DELETE, await api.objectPath(ref), {
          body: deleteOptions.propagationPolicy
            ? { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: deleteOptions.propagationPolicy }
            : undefined,
        })
        return true
      } catch (error) {
        if (error instanceof KubeError && error.code === 'NOT_FOUND') return false
        throw error
      }
    },

    async waitFor(ref, done, waitOptions: WaitOptions) {
      const description = waitOptions.description ?? describeRef(ref)
      const deadline = Date.now() + waitOptions.timeoutMs
      const fieldSelector = `metadata.name=${ref.name}`
      const path = await api.collectionPath(ref.apiVersion, ref.kind, ref.namespace)
      let last: KubeObject | null | undefined
      const timeout = () =>
        new KubeError(
          'TIMEOUT',
          `${description} did not become ready within ${formatSeconds(waitOptions.timeoutMs)}: ${summarizeStatus(last)}`,
        )

      for (;;) {
        // List: the current state, and the resourceVersion to watch from.
        const list = await listPage(ref.apiVersion, ref.kind, { namespace: ref.namespace, fieldSelector })
        const found = list.items?.[0]
        last = found ? { ...found, apiVersion: ref.apiVersion, kind: ref.kind } : null
        if (done(last)) return last
        let resourceVersion = list.metadata?.resourceVersion

        for (;;) {
          const remaining = deadline - Date.now()
          if (remaining <= 0) throw timeout()
          const outcome = await watchOnce(
            path,
            { fieldSelector, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: Math.max(1, Math.ceil(remaining / 1000)) },
            remaining,
            (type, object) => {
              const version = object?.metadata?.resourceVersion
              if (typeof version === 'string' && version) resourceVersion = version
              if (type === 'BOOKMARK') return false
              last = type === 'DELETED' ? null : object
              return done(last)
            },
          )
          if (outcome.kind === 'done') return outcome.object
          if (outcome.kind === 'timeout') throw timeout()
          if (outcome.kind === 'ended') continue // the server closed the watch: resume from the last version seen
          if (outcome.kind === 'expired') break // history compacted: list again
          if (outcome.error.code === 'FORBIDDEN' || outcome.error.code === 'UNAUTHORIZED' || outcome.error.code === 'INVALID')
            throw outcome.error
          // Connection lost: list again after a pause, within the deadline.
          await new Promise((r) => setTimeout(r, Math.min(WATCH_RETRY_DELAY_MS, Math.max(0, deadline - Date.now()))))
          if (Date.now() >= deadline) throw timeout()
          break
        }
      }
    },

    async ping() {
      const version = await api.send<{ gitVersion?: string }>(HttpMethod.GET, '/version')
      return { gitVersion: version.gitVersion ?? 'unknown' }
    },

    async proxyGet(service, path, proxyOptions) {
      // No query, fragment, escape or dot segment: `/../..` would leave the proxy and GET the API server itself.
      if (!path.startsWith('/') || /[\s#?%\\]/.test(path) || path.split('/').some((s) => s === '.' || s === '..'))
        throw new KubeError('INVALID', `not a health path: ${JSON.stringify(path)}`)
      const servicePath = `/api/v1/namespaces/${encodeURIComponent(service.namespace)}/services/${encodeURIComponent(service.name)}`
      const target = new URL(`${servicePath}:${service.port}/proxy${path}`, server)
      const requestOptions: https.RequestOptions = {}
      await kc.applyToHTTPSOptions(requestOptions)
      const transport = target.protocol === 'https:' ? https : http
      return new Promise<ProxyAnswer>((resolve, reject) => {
        const request = transport.request(target, { ...requestOptions, method: 'GET', timeout: proxyOptions.timeoutMs }, (response) => {
          const chunks: Buffer[] = []
          let size = 0
          response.on('data', (chunk: Buffer) => {
            if (size < PROXY_BODY_LIMIT) chunks.push(chunk.subarray(0, PROXY_BODY_LIMIT - size))
            size += chunk.length
          })
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
          response.on('error', (error) => reject(kubeErrorFromException(error)))
        })
        request.on('timeout', () => request.destroy(new KubeError('TIMEOUT', `GET ${path} on Service ${service.name} timed out`)))
        request.on('error', (error) => reject(error instanceof KubeError ? error : kubeErrorFromException(error)))
        request.end()
      })
    },
  }
  return client
}
