/**
 * Records a tenant (instance) for an organization and asks the background worker to provision it
 * (`tenant/provision.requested`). The instance address is `<slug>.<BASE_DOMAIN>`; its namespace
 * `tenant-<slug>` (a prefix no organization can take).
 */
import { db } from '../db'
import { getEnv } from '../env'
import { jobs } from '../jobs/jobs'

export async function requestProvisioning(input: {
  orgId: string
  slug: string
  planId: string
  requestedBy: string
}): Promise<{ tenantId: string; url: string }> {
  const url = `https://${input.slug}.${getEnv().BASE_DOMAIN}`
  const tenant = await db.tenant.create({
    data: { orgId: input.orgId, slug: input.slug, namespace: `tenant-${input.slug}`, planId: input.planId, state: 'PENDING', url },
    select: { id: true },
  })
  await jobs.send({
    name: 'tenant/provision.requested',
    id: `provision:${tenant.id}`,
    data: { tenantId: tenant.id, requestedBy: input.requestedBy },
  })
  return { tenantId: tenant.id, url }
}
