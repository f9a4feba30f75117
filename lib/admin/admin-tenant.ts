/** The tenant an admin action is about, with what its audit entry records as "before". */
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditActor, type AdminActor } from './admin-actor'

export async function loadAdminTenant(tenantId: string) {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true,
      orgId: true,
      slug: true,
      state: true,
      appId: true,
      planId: true,
      suspendReason: true,
      org: {
        select: { subscription: { select: { id: true, status: true, planId: true, trialEndsAt: true, stripeSubscriptionId: true } } },
      },
    },
  })
  if (!tenant) throw new AppError('NOT_FOUND', 'No such tenant')
  return tenant
}

/** A unique id for an admin request's event: two clicks are two requests, each audited. */
export function adminEventId(kind: string, tenantId: string): string {
  return `admin-${kind}:${tenantId}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

/** The audit entry of an admin action on a tenant: who, why, before and after (marked when break-glass was used). */
export function auditTenantAction(
  actor: AdminActor,
  tenant: { id: string; orgId: string },
  entry: { action: string; reason: string; before: Record<string, unknown>; after: Record<string, unknown> },
) {
  return recordAudit({
    ...auditActor(actor),
    action: entry.action,
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'Tenant',
    targetId: tenant.id,
    reason: entry.reason,
    before: entry.before,
    after: { ...entry.after, breakGlass: actor.breakGlassId },
  })
}
