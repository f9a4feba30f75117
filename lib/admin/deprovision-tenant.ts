/**
 * Deprovision: uninstall the release and delete the namespace, volumes included. Irreversible,
 * so the admin types the tenant's slug to confirm.
 */
import { z } from 'zod'
import { AppError } from '../errors/app-error'
import { assertAllowed } from '../provisioning/lifecycle'
import { jobs } from '../jobs/jobs'
import type { AdminContext } from './admin-context'
import { adminEventId, auditTenantAction, loadAdminTenant } from './admin-tenant'
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
  await auditTenantAction(actor, tenant, {
    action: 'admin.tenant.deprovision',
    reason: input.reason,
    before: { state: tenant.state },
    after: { state: 'DEPROVISIONED' },
  })
  return { state: tenant.state }
}
