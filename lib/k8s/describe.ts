/**
 * Short human descriptions of objects and of their observed state, for messages such as
 * "Deployment tenant-acme/app did not become ready within 300s: 1/2 replicas ready; Available=False".
 */
import type { KubeObject, ObjectRef } from './port'

/** "Deployment tenant-acme/app", "Namespace tenant-acme". */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`
}

interface Condition {
  type?: string
  status?: string
  reason?: string
  message?: string
}

const MAX_LENGTH = 400

/** What the object's status says, in one line; "does not exist" for null. */
export function summarizeStatus(object: KubeObject | null | undefined): string {
  if (object === undefined) return 'not observed yet'
  if (object === null) return 'does not exist'
  const parts: string[] = []
  if (object.metadata.deletionTimestamp) parts.push(`being deleted since ${String(object.metadata.deletionTimestamp)}`)
  const spec = (object.spec ?? {}) as { replicas?: number }
  const status = (object.status ?? {}) as {
    phase?: string
    replicas?: number
    readyReplicas?: number
    updatedReplicas?: number
    conditions?: Condition[]
    observedGeneration?: number
  }
  if (status.phase) parts.push(`phase ${status.phase}`)
  const desired = typeof spec.replicas === 'number' ? spec.replicas : status.replicas
  if (typeof desired === 'number') parts.push(`${status.readyReplicas ?? 0}/${desired} replicas ready`)
  const generation = object.metadata.generation
  if (typeof generation === 'number' && typeof status.observedGeneration === 'number' && status.observedGeneration < generation) {
    parts.push(`generation ${generation} not yet observed`)
  }
  for (const condition of status.conditions ?? []) {
    if (!condition.type) continue
    const why = [condition.reason, condition.message].filter(Boolean).join(': ')
    parts.push(`${condition.type}=${condition.status ?? 'Unknown'}${why ? ` (${why})` : ''}`)
  }
  if (parts.length === 0) parts.push(object.status === undefined ? 'exists, no status reported' : 'exists')
  const text = parts.join('; ')
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text
}
