/** The tenant an admin action is about, with what its audit entry records as "before". */
import { db } from '../db'
import { AppError } from '../errors/app-error'

export async function loadAdminTenant(tenantId: string) {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true,
      orgId: true,
      slug: true,
      state: true,
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
