/**
 * The Kubernetes port: the only way the domain talks to a cluster. The real implementation
 * (client.ts) sits on @kubernetes/client-node; the dry-run implementation (dry-run.ts) validates
 * and records manifests without applying them. Every error leaves here as a KubeError.
 */

export interface KubeMetadata {
  name: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  [key: string]: unknown
}

/** Any Kubernetes object, as plain JSON. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: KubeMetadata
  [key: string]: unknown
}

export interface ObjectRef {
  apiVersion: string
  kind: string
  name: string
  /** Omitted for cluster-scoped kinds (Namespace, ClusterRole…). */
  namespace?: string
}

export type KubeErrorCode =
  'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'QUOTA' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'TIMEOUT' | 'UNAVAILABLE' | 'UNKNOWN'

export class KubeError extends Error {
  constructor(
    readonly code: KubeErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'KubeError'
  }
}

export function isKubeError(error: unknown, code?: KubeErrorCode): error is KubeError {
  return error instanceof KubeError && (code === undefined || error.code === code)
}

/**
 * The API server does not serve the kind asked for (a CRD not installed, batch/v1 CronJob before
 * 1.21): discovery answers NOT_FOUND or INVALID ("has no kind", 404). Listing such a kind finds none.
 */
export function isNotServed(error: unknown): boolean {
  if (!(error instanceof KubeError)) return false
  if (error.code === 'NOT_FOUND') return true
  return error.code === 'INVALID' && (error.status === 404 || /has no kind/.test(error.message))
}

export interface WaitOptions {
  timeoutMs: number
  /** Names the object in the timeout message, e.g. "Deployment tenant-acme/app". */
  description?: string
}

export interface KubePort {
  /** Server-side apply with field manager `tenancy` (force: take ownership of conflicting fields). */
  apply(object: KubeObject, options?: { force?: boolean; dryRun?: boolean }): Promise<KubeObject>
  /** null when the object does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | null>
  list(apiVersion: string, kind: string, options?: { namespace?: string; labelSelector?: string }): Promise<KubeObject[]>
  /** Merge-patch an existing object (e.g. spec.replicas on the scale of a workload). */
  patch(ref: ObjectRef, patch: Record<string, unknown>): Promise<KubeObject>
  /** Returns false when the object was already gone. */
  delete(ref: ObjectRef, options?: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' }): Promise<boolean>
  /**
   * Watches the object until `done` returns true (the object is null while it does not exist,
   * so "gone" is `obj => obj === null`). Throws KubeError TIMEOUT naming the object.
   */
  waitFor(ref: ObjectRef, done: (object: KubeObject | null) => boolean, options: WaitOptions): Promise<KubeObject | null>
  /** Cheap reachability check (GET /version). */
  ping(): Promise<{ gitVersion: string }>
  /**
   * GET `path` of a Service through the API server's service proxy
   * (/api/v1/namespaces/<ns>/services/<name>:<port>/proxy<path>): the app's own answer, its status
   * and at most 4 KB of its body. An API server that cannot reach the Service answers 503 itself.
   */
  proxyGet(service: { namespace: string; name: string; port: number }, path: string, options: { timeoutMs: number }): Promise<ProxyAnswer>
}

export interface ProxyAnswer {
  status: number
  body: string
}
