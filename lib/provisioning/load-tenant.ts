/** A tenant with its organization and plan, as every workflow step needs it. */
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { findPlan, type Plan } from '../plans/catalog'

export interface LoadedTenant {
  id: string
  orgId: string
  orgName: string
  slug: string
  namespace: string
  planId: string
  state: string
  url: string | null
  customDomain: string | null
  helmRelease: string | null
  plan: Plan
}

/** The Helm release name of every instance (one release per tenant namespace). */
export const RELEASE_NAME = 'instance'

export async function loadTenant(tenantId: string, planId?: string): Promise<LoadedTenant> {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true,
      orgId: true,
      slug: true,
      namespace: true,
      planId: true,
      state: true,
      url: true,
      customDomain: true,
      helmRelease: true,
      org: { select: { name: true } },
    },
  })
  if (!tenant) throw new AppError('NOT_FOUND', `Tenant ${tenantId} does not exist`)
  const plan = findPlan(planId ?? tenant.planId)
  if (!plan) throw new AppError('VALIDATION', `Plan "${planId ?? tenant.planId}" is not in the catalog`)
  const { org, ...rest } = tenant
  return { ...rest, orgName: org.name, plan }
}

export async function setTenantState(tenantId: string, data: Parameters<typeof db.tenant.update>[0]['data']): Promise<void> {
  await db.tenant.update({ where: { id: tenantId }, data })
}
