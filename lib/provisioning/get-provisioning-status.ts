/**
 * What the progress page shows: the organization's newest instance, its state, and the steps of
 * its latest provisioning run with their timings and errors.
 */
import { db, type TenantState } from '../db'

export interface ProvisioningStatus {
  tenant: { id: string; slug: string; state: TenantState; url: string | null; credentialsReady: boolean } | null
  run: {
    kind: string
    status: string
    dryRun: boolean
    hasManifests: boolean
    startedAt: string
    finishedAt: string | null
    error: string | null
    steps: {
      name: string
      status: string
      attempt: number
      startedAt: string
      finishedAt: string | null
      durationMs: number | null
      message: string | null
    }[]
  } | null
  isDone: boolean
  isFailed: boolean
}

/** Scoped by an organization id the caller has already authorized. */
export async function getProvisioningStatus(orgId: string): Promise<ProvisioningStatus> {
  const tenant = await db.tenant.findFirst({
    where: { orgId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, slug: true, state: true, url: true, credentialsReady: true },
  })
  if (!tenant) return { tenant: null, run: null, isDone: false, isFailed: false }
  const run = await db.provisioningRun.findFirst({
    where: { tenantId: tenant.id, kind: 'PROVISION' },
    orderBy: { startedAt: 'desc' },
    select: {
      kind: true,
      status: true,
      dryRun: true,
      startedAt: true,
      finishedAt: true,
      error: true,
      manifests: false,
      steps: { orderBy: { position: 'asc' } },
    },
  })
  const hasManifests = run ? (await db.provisioningRun.count({ where: { tenantId: tenant.id, manifests: { not: null } } })) > 0 : false
  return {
    tenant,
    run: run && {
      kind: run.kind,
      status: run.status,
      dryRun: run.dryRun,
      hasManifests,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
      steps: run.steps.map((s) => ({
        name: s.name,
        status: s.status,
        attempt: s.attempt,
        startedAt: s.startedAt.toISOString(),
        finishedAt: s.finishedAt?.toISOString() ?? null,
        durationMs: s.durationMs,
        message: s.message,
      })),
    },
    isDone: tenant.state === 'ACTIVE',
    isFailed: tenant.state === 'FAILED',
  }
}
