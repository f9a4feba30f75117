/**
 * Shows an instance's first admin login once: owners and admins of the organization only; the
 * sealed value is cleared in the same conditional update that reads it, so two clicks can never
 * both get it. Audited.
 */
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { unseal } from '../security/seal'
import { CREDENTIALS_PURPOSE } from './steps/ensure-credentials'

export async function revealCredentials(input: { orgId: string; userId: string }): Promise<{ email: string; password: string }> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  const tenant = await db.tenant.findFirst({
    where: { orgId: input.orgId, sealedCredentials: { not: null } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, sealedCredentials: true },
  })
  if (!tenant?.sealedCredentials)
    throw new AppError(
      'GONE',
      'The admin credentials were already shown once. Reset the admin password from inside the instance if it is lost.',
    )
  const taken = await db.tenant.updateMany({
    where: { id: tenant.id, sealedCredentials: tenant.sealedCredentials },
    data: { sealedCredentials: null, credentialsReady: false },
  })
  if (taken.count !== 1) throw new AppError('GONE', 'The admin credentials were already shown once.')
  await recordAudit({
    action: 'tenant.credentials.revealed',
    actorType: 'USER',
    actorUserId: input.userId,
    orgId: input.orgId,
    tenantId: tenant.id,
  })
  return JSON.parse(unseal(tenant.sealedCredentials, CREDENTIALS_PURPOSE)) as { email: string; password: string }
}
