/**
 * Offline schema validation of Kubernetes manifests, against the OpenAPI schemas shipped in
 * `kubernetes-models` (Kubernetes 1.30+). Used by the dry-run cluster mode, by the guardrails and
 * by the chart tests: a manifest that fails here would be refused by the API server.
 *
 * Only the kinds Tenancy renders or applies are registered; anything else is reported as
 * "no schema for <apiVersion>/<kind>" rather than silently accepted.
 */
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { LimitRange } from 'kubernetes-models/v1/LimitRange'
import { Namespace } from 'kubernetes-models/v1/Namespace'
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim'
import { Pod } from 'kubernetes-models/v1/Pod'
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount'
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet'
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { HorizontalPodAutoscaler as HorizontalPodAutoscalerV2beta2 } from 'kubernetes-models/autoscaling/v2beta2/HorizontalPodAutoscaler'
import { CronJob } from 'kubernetes-models/batch/v1/CronJob'
import { Job } from 'kubernetes-models/batch/v1/Job'
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress'
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role'
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding'
import type { KubeObject } from './port'

/** A kubernetes-models class: construct from plain JSON, `validate()` throws on schema errors. */
type ModelClass = { new (data: never): { validate(): void }; apiVersion: string; kind: string }

const MODELS: ModelClass[] = [
  ConfigMap,
  LimitRange,
  Namespace,
  PersistentVolumeClaim,
  Pod,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
  HorizontalPodAutoscaler,
  // What a 1.20 cluster (the local cluster tier) serves.
  HorizontalPodAutoscalerV2beta2,
  CronJob,
  Job,
  Ingress,
  NetworkPolicy,
  PodDisruptionBudget,
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
]

const BY_TYPE = new Map<string, ModelClass>(MODELS.map((model) => [`${model.apiVersion}/${model.kind}`, model]))

/** The `apiVersion/kind` pairs this validator has a schema for. */
export const VALIDATED_KINDS: readonly string[] = [...BY_TYPE.keys()].sort()

// DNS-1123 subdomain: what almost every namespaced object's name must be.
const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
// DNS-1123 label: Namespaces and Services (their names become DNS labels).
const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const LABEL_NAME_KINDS = new Set(['Namespace', 'Service'])

interface AjvError {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

function formatAjvError(error: AjvError): string {
  const path = error.instancePath || '/'
  if (error.keyword === 'enum' && Array.isArray(error.params?.allowedValues)) {
    return `${path}: must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
  }
  if (error.keyword === 'additionalProperties' && typeof error.params?.additionalProperty === 'string') {
    return `${path}: unknown field ${error.params.additionalProperty}`
  }
  return `${path}: ${error.message ?? 'is invalid'}`
}

function metadataErrors(obj: KubeObject): string[] {
  const metadata: unknown = obj.metadata
  if (typeof metadata !== 'object' || metadata === null) return ['/metadata: is required']
  const name = (metadata as { name?: unknown }).name
  if (typeof name !== 'string' || name === '') return ['/metadata/name: is required']
  const pattern = LABEL_NAME_KINDS.has(obj.kind) ? DNS1123_LABEL : DNS1123_SUBDOMAIN
  if (!pattern.test(name)) {
    return [`/metadata/name: "${name}" is not a valid DNS-1123 ${pattern === DNS1123_LABEL ? 'label' : 'subdomain'}`]
  }
  return []
}

/** Schema errors of one manifest; [] when it is valid. */
export function validateManifest(obj: KubeObject): string[] {
  if (typeof obj !== 'object' || obj === null) return ['manifest is not an object']
  const model = BY_TYPE.get(`${obj.apiVersion}/${obj.kind}`)
  if (!model) return [`no schema for ${obj.apiVersion}/${obj.kind}`]
  const errors = metadataErrors(obj)
  try {
    new model(obj as never).validate()
  } catch (error) {
    const details = (error as { errors?: AjvError[] }).errors
    if (Array.isArray(details) && details.length > 0) errors.push(...details.map(formatAjvError))
    else errors.push(error instanceof Error ? error.message : String(error))
  }
  return errors
}

/** "Deployment tenant-acme/app", "Namespace tenant-acme". */
export function manifestRef(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const namespace = obj.metadata?.namespace
  return `${obj.kind} ${namespace ? `${namespace}/` : ''}${obj.metadata?.name ?? '(unnamed)'}`
}

/** The invalid manifests among `objs`, each with its errors; [] when all are valid. */
export function validateManifests(objs: readonly KubeObject[]): { ref: string; errors: string[] }[] {
  const invalid: { ref: string; errors: string[] }[] = []
  for (const obj of objs) {
    const errors = validateManifest(obj)
    if (errors.length > 0) invalid.push({ ref: manifestRef(obj), errors })
  }
  return invalid
}
