/**
 * "Retry" on a failed instance (owners and admins; super-admins through the console): a new
 * provisioning run from the first step. Every step is idempotent, so what the failed run already
 * created is kept and re-checked.
 */
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { requireOrgRole } from '../orgs/authorize'
import { assertAllowed, statesAllowing } from './lifecycle'
import { rolesWith } from '../orgs/roles'

export async function retryProvisioning(input: {
  orgId: string
  userId: string
  actorType?: 'USER' | 'SUPER_ADMIN'
  tenantId?: string
}): Promise<{ tenantId: string }> {
  if (input.actorType !== 'SUPER_ADMIN') await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  const tenant = await db.tenant.findFirst({
    where: { orgId: input.orgId, ...(input.tenantId ? { id: input.tenantId } : {}), state: { not: 'DEPROVISIONED' } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, state: true },
  })
  if (!tenant) throw new AppError('NOT_FOUND', 'This organization has no instance')
  assertAllowed('retry', tenant.state)
  // The conditional update makes two clicks one retry: the second finds the instance claimed.
  const claimed = await db.tenant.updateMany({
    where: { id: tenant.id, state: { in: statesAllowing('retry') } },
    data: { state: 'PENDING' },
  })
  if (claimed.count !== 1) throw new AppError('CONFLICT', 'The instance was retried meanwhile; reload to follow the new run')
  await jobs.send({
    name: 'tenant/provision.requested',
    id: `provision:${tenant.id}:retry:${Date.now()}`,
    data: { tenantId: tenant.id, requestedBy: input.userId },
  })
  await recordAudit({
    action: 'tenant.provisioning.retried',
    actorType: input.actorType ?? 'USER',
    actorUserId: input.userId,
    orgId: input.orgId,
    tenantId: tenant.id,
    before: { state: tenant.state },
    after: { state: 'PENDING' },
  })
  return { tenantId: tenant.id }
}
