/**
 * Dry-run cluster (CLUSTER_MODE=dry-run, or no kubeconfig): a KubePort that validates every
 * manifest against the Kubernetes schemas and keeps it in memory, applying nothing. Workflows run
 * every step against it; the manifests are stored with the run so the UI can offer the YAML.
 */
import { KubeError, type KubeObject, type KubePort, type ObjectRef, type WaitOptions } from './port'

export type ManifestValidator = (object: KubeObject) => string[]

const keyOf = (ref: ObjectRef) => `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`
const refOf = (o: KubeObject): ObjectRef => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  namespace: o.metadata.namespace,
})

function matchesSelector(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=') as [string, string | undefined]
    return value === undefined ? labels?.[key] !== undefined : labels?.[key] === value
  })
}

export function createDryRunKube(options: { validate: ManifestValidator }): KubePort & { objects(): KubeObject[] } {
  const store = new Map<string, KubeObject>()
  return {
    async apply(object) {
      const errors = options.validate(object)
      if (errors.length)
        throw new KubeError(
          'INVALID',
          `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} ` +
            `is invalid: ${errors.join('; ')}`,
          422,
        )
      const copy = structuredClone(object)
      store.set(keyOf(refOf(copy)), copy)
      return copy
    },
    async get(ref) {
      return structuredClone(store.get(keyOf(ref)) ?? null)
    },
    async list(apiVersion, kind, opts = {}) {
      return [...store.values()].filter(
        (o) =>
          o.apiVersion === apiVersion &&
          o.kind === kind &&
          (opts.namespace === undefined || o.metadata.namespace === opts.namespace) &&
          matchesSelector(o.metadata.labels, opts.labelSelector),
      )
    },
    async patch(ref, patch) {
      const current = store.get(keyOf(ref))
      if (!current) throw new KubeError('NOT_FOUND', `${ref.kind} ${ref.name} not found`, 404)
      const merged = mergePatch(current, patch) as KubeObject
      store.set(keyOf(ref), merged)
      return structuredClone(merged)
    },
    async delete(ref) {
      const existed = store.delete(keyOf(ref))
      if (existed && ref.kind === 'Namespace') for (const [key, o] of store) if (o.metadata.namespace === ref.name) store.delete(key)
      return existed
    },
    async waitFor(ref, done, wait: WaitOptions) {
      const current = store.get(keyOf(ref)) ?? null
      if (done(current)) return current
      throw new KubeError('TIMEOUT', `${wait.description ?? `${ref.kind} ${ref.name}`} cannot become ready in dry-run mode (nothing runs)`)
    },
    async ping() {
      return { gitVersion: 'dry-run' }
    },
    async proxyGet(service) {
      // Nothing runs in dry-run mode: no Service answers.
      return { status: 503, body: `no endpoints available for service "${service.name}" (dry-run: nothing runs)` }
    },
    objects() {
      return [...store.values()].map((o) => structuredClone(o))
    },
  }
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch)
  const result: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = mergePatch(result[key], value)
  }
  return result
}
