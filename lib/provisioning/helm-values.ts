/**
 * The values of the tenant chart (charts/tenant-instance) for a plan: replicas, database
 * instances, backups, and every container's resources and every volume's size cut from the
 * plan's limits so that the whole release fits the namespace's ResourceQuota (which is the plan).
 *
 * Pure: the same plan, tenant and options always give the same values.
 *
 * How the plan is shared (documented in the chart's README.md as well):
 * - CPU and memory limits: backups (when on) 10% capped at 1 CPU / 1 GiB, object storage (when on)
 *   15%; of the rest the app gets 60% (split across its replicas) and PostgreSQL 40% (split across
 *   its instances). Requests are half the limits. The chart never runs more pods than that (no
 *   rolling-update surge, one backup at a time), so the sum never exceeds the plan.
 * - Storage: backups 20%, object storage 30% (each when on); of the rest `app-data` gets 40% and
 *   the database 60%, split across the instances (each holds a full copy).
 */
import { cpuQuantity, memoryQuantity } from '../k8s/quantity'
import type { Plan } from '../plans/catalog'
import { GUARDRAIL_NAMES } from './guardrails'

export interface HelmValuesTenant {
  id: string
  slug: string
  namespace: string
  customDomain: string | null
}

export interface HelmValuesOptions {
  baseDomain: string
  /** The signed license JWT (stored by the chart in Secret `license`). */
  licenseToken: string
  /** The app image tag; the chart's appVersion when omitted. */
  appVersion?: string
  ingressClassName?: string
  /** cert-manager ClusterIssuer for the instance's certificate. */
  clusterIssuer?: string
  /**
   * Run the bundled S3-compatible object storage. Off unless asked: it needs two more keys in the
   * credentials Secret (object-storage-access-key, object-storage-secret-key).
   */
  objectStorage?: boolean
  /** Access modes of `app-data`; default ReadWriteOnce for one replica, ReadWriteMany for more. */
  appDataAccessModes?: ('ReadWriteOnce' | 'ReadWriteMany' | 'ReadWriteOncePod')[]
}

export interface ContainerResources {
  requests: { cpu: string; memory: string }
  limits: { cpu: string; memory: string }
}

/** A type alias (not an interface) so that it is a Record<string, unknown> for HelmRelease.values. */
export type TenantChartValues = {
  tenant: { id: string; slug: string }
  baseDomain: string
  customDomain: string
  serviceAccountName: string
  license: { token: string }
  app: {
    image: { tag: string } | Record<string, never>
    replicas: number
    resources: ContainerResources
    persistence: { size: string; accessModes: string[] }
  }
  database: {
    instances: number
    config: { shared_buffers: string; max_connections: string }
    resources: ContainerResources
    persistence: { size: string }
  }
  backups: { enabled: boolean; resources?: ContainerResources; persistence?: { size: string } }
  objectStorage: { enabled: boolean; resources?: ContainerResources; persistence?: { size: string } }
  ingress: { enabled: boolean; tlsSecretName: string; className?: string; clusterIssuer?: string }
}

/** The stable TLS Secret name of every instance (cert-manager keeps renewing into it). */
export const TLS_SECRET_NAME = 'app-tls'

const SHARES = {
  backups: 0.1,
  backupsMaxCpuMillicores: 1000,
  backupsMaxMemoryMiB: 1024,
  objectStorage: 0.15,
  app: 0.6,
  storage: { backups: 0.2, objectStorage: 0.3, app: 0.4 },
} as const

function resources(cpuMillicores: number, memoryMiB: number): ContainerResources {
  const cpu = Math.max(1, Math.floor(cpuMillicores))
  const memory = Math.max(1, Math.floor(memoryMiB))
  return {
    requests: { cpu: cpuQuantity(Math.max(1, Math.floor(cpu / 2))), memory: memoryQuantity(Math.max(1, Math.floor(memory / 2))) },
    limits: { cpu: cpuQuantity(cpu), memory: memoryQuantity(memory) },
  }
}

function storage(mebibytes: number): { size: string } {
  return { size: memoryQuantity(Math.max(1, Math.floor(mebibytes))) }
}

export function helmValuesFor(plan: Plan, tenant: HelmValuesTenant, options: HelmValuesOptions): TenantChartValues {
  const { cpuMillicores, memoryMiB, storageGiB, replicas, databaseInstances, backups } = plan.limits
  const objectStorage = options.objectStorage ?? false

  // CPU and memory: fixed shares first, the rest split between the app and the database.
  const backupCpu = backups ? Math.min(cpuMillicores * SHARES.backups, SHARES.backupsMaxCpuMillicores) : 0
  const backupMemory = backups ? Math.min(memoryMiB * SHARES.backups, SHARES.backupsMaxMemoryMiB) : 0
  const objectCpu = objectStorage ? cpuMillicores * SHARES.objectStorage : 0
  const objectMemory = objectStorage ? memoryMiB * SHARES.objectStorage : 0
  const restCpu = cpuMillicores - backupCpu - objectCpu
  const restMemory = memoryMiB - backupMemory - objectMemory
  const appCpu = (restCpu * SHARES.app) / replicas
  const appMemory = (restMemory * SHARES.app) / replicas
  const dbCpu = (restCpu * (1 - SHARES.app)) / databaseInstances
  const dbMemory = Math.floor((restMemory * (1 - SHARES.app)) / databaseInstances)

  // Storage, in MiB.
  const totalMiB = storageGiB * 1024
  const backupMiB = backups ? totalMiB * SHARES.storage.backups : 0
  const objectMiB = objectStorage ? totalMiB * SHARES.storage.objectStorage : 0
  const restMiB = totalMiB - backupMiB - objectMiB
  const appMiB = restMiB * SHARES.storage.app
  const dbMiB = (restMiB * (1 - SHARES.storage.app)) / databaseInstances

  const ingress: TenantChartValues['ingress'] = { enabled: true, tlsSecretName: TLS_SECRET_NAME }
  if (options.ingressClassName) ingress.className = options.ingressClassName
  if (options.clusterIssuer) ingress.clusterIssuer = options.clusterIssuer

  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    baseDomain: options.baseDomain.toLowerCase(),
    customDomain: tenant.customDomain?.trim().toLowerCase() ?? '',
    serviceAccountName: GUARDRAIL_NAMES.serviceAccount,
    license: { token: options.licenseToken },
    app: {
      image: options.appVersion ? { tag: options.appVersion } : {},
      replicas,
      resources: resources(appCpu, appMemory),
      persistence: { ...storage(appMiB), accessModes: options.appDataAccessModes ?? [replicas > 1 ? 'ReadWriteMany' : 'ReadWriteOnce'] },
    },
    database: {
      instances: databaseInstances,
      // A quarter of the container's memory, as PostgreSQL's documentation suggests.
      config: { shared_buffers: `${Math.max(16, Math.floor(dbMemory / 4))}MB`, max_connections: '100' },
      resources: resources(dbCpu, dbMemory),
      persistence: storage(dbMiB),
    },
    backups: backups
      ? { enabled: true, resources: resources(backupCpu, backupMemory), persistence: storage(backupMiB) }
      : { enabled: false },
    objectStorage: objectStorage
      ? { enabled: true, resources: resources(objectCpu, objectMemory), persistence: storage(objectMiB) }
      : { enabled: false },
    ingress,
  }
}
