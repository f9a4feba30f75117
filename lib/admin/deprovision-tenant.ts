/**
 * Deprovision: uninstall the release and delete the namespace, volumes included. Irreversible,
 * so the admin types the tenant's slug to confirm.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { auditActor, type AdminActor } from './admin-actor'
import { adminEventId, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const deprovisionTenantInput = z.object({
  tenantId: z.string().min(1),
  reason: reasonField,
  confirmation: z.string({ message: "Type the tenant's address to confirm" }).trim(),
})

export async function deprovisionTenant(raw: z.input<typeof deprovisionTenantInput>, actor: AdminActor): Promise<{ state: string }> {
  const input = deprovisionTenantInput.parse(raw)
  const tenant = await loadAdminTenant(input.tenantId)
  if (input.confirmation !== tenant.slug)
    throw new AppError('VALIDATION', `Type ${tenant.slug} to confirm`, {
      fieldErrors: { confirmation: [`Type ${tenant.slug} to confirm`] },
    })
  if (['DEPROVISIONING', 'DEPROVISIONED', 'PENDING', 'PROVISIONING'].includes(tenant.state))
    throw new AppError('CONFLICT', `The instance is ${tenant.state.toLowerCase()}; it cannot be deprovisioned now`)
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
