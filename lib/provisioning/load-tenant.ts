/** A tenant with its organization, app and plan, as every workflow step needs it. */
import { findApp } from '../apps/catalog'
import type { AppDefinition } from '../apps/definition'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { findPlan, type Plan } from '../plans/catalog'

export interface LoadedTenant {
  id: string
  orgId: string
  orgName: string
  slug: string
  namespace: string
  appId: string
  planId: string
  /** The app version the instance runs (null until first installed). */
  appVersion: string | null
  state: string
  url: string | null
  customDomain: string | null
  helmRelease: string | null
  app: AppDefinition
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
      appId: true,
      planId: true,
      appVersion: true,
      state: true,
      url: true,
      customDomain: true,
      helmRelease: true,
      org: { select: { name: true } },
    },
  })
  if (!tenant) throw new AppError('NOT_FOUND', `Tenant ${tenantId} does not exist`)
  const app = findApp(tenant.appId)
  if (!app) throw new AppError('VALIDATION', `App "${tenant.appId}" is not in the catalog`)
  const plan = findPlan(planId ?? tenant.planId)
  if (!plan) throw new AppError('VALIDATION', `Plan "${planId ?? tenant.planId}" is not in the catalog`)
  // A plan is one app's: an instance never changes app by changing plan.
  if (plan.app !== app.id) throw new AppError('VALIDATION', `Plan "${plan.id}" is not a plan of ${app.name}`)
  const { org, ...rest } = tenant
  return { ...rest, orgName: org.name, app, plan }
}

export async function setTenantState(tenantId: string, data: Parameters<typeof db.tenant.update>[0]['data']): Promise<void> {
  await db.tenant.update({ where: { id: tenantId }, data })
}
