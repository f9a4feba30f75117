/**
 * Deprovision: uninstall the release and delete the namespace, volumes included. Irreversible,
 * so the admin types the tenant's slug to confirm.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { assertAllowed } from '../provisioning/lifecycle'
import { jobs } from '../jobs/jobs'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { adminEventId, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const deprovisionTenantInput = z.object({
  tenantId: z.string().min(1),
  reason: reasonField,
  confirmation: z.string({ message: "Type the tenant's address to confirm" }).trim(),
})

export async function deprovisionTenant(
  input: z.output<typeof deprovisionTenantInput>,
  { actor }: AdminContext,
): Promise<{ state: string }> {
  const tenant = await loadAdminTenant(input.tenantId)
  if (input.confirmation !== tenant.slug)
    throw new AppError('VALIDATION', `Type ${tenant.slug} to confirm`, {
      fieldErrors: { confirmation: [`Type ${tenant.slug} to confirm`] },
    })
  assertAllowed('deprovision', tenant.state)
  await jobs.send({
    name: 'tenant/deprovision.requested',
    id: adminEventId('deprovision', tenant.id),
    data: { tenantId: tenant.id, requestedBy: actor.userId },
  })
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.tenant.deprovision',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'Tenant',
    targetId: tenant.id,
    reason: input.reason,
    before: { state: tenant.state },
    after: { state: 'DEPROVISIONED', breakGlass: actor.breakGlassId },
  })
  return { state: tenant.state }
}
