/**
 * Records a tenant (instance) for an organization and asks the background worker to provision it
 * (`tenant/provision.requested`). The instance runs the app of its plan; its address is
 * `<slug>.<BASE_DOMAIN>`; its namespace `tenant-<slug>` (a prefix no organization can take).
 */
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { findPlan } from '../plans/catalog'

export async function requestProvisioning(input: {
  orgId: string
  slug: string
  planId: string
  requestedBy: string
}): Promise<{ tenantId: string; url: string }> {
  const plan = findPlan(input.planId)
  if (!plan) throw new AppError('VALIDATION', `Plan "${input.planId}" is not in the catalog`)
  const url = `https://${input.slug}.${getEnv().BASE_DOMAIN}`
  const tenant = await db.tenant.create({
    data: {
      orgId: input.orgId,
      slug: input.slug,
      namespace: `tenant-${input.slug}`,
      appId: plan.app,
      planId: plan.id,
      state: 'PENDING',
      url,
    },
    select: { id: true },
  })
  await jobs.send({
    name: 'tenant/provision.requested',
    id: `provision:${tenant.id}`,
    data: { tenantId: tenant.id, requestedBy: input.requestedBy },
  })
  return { tenantId: tenant.id, url }
}
