/**
 * The tenant dashboard's instance panel: the org's instance(s) with state, last deploy, the app
 * it runs and its addresses (the instance's own host, and the app's labelled hosts, such as
 * PhotoPrism's MinIO console, lib/apps/hosts.ts).
 */
import { findApp } from '../apps/catalog'
import { labelledHosts } from '../apps/hosts'
import { db, type TenantState } from '../db'
import { getEnv } from '../env'

export interface InstanceOverview {
  id: string
  slug: string
  planId: string
  state: TenantState
  url: string | null
  app: { id: string; name: string }
  /** The app's other hosts (https URLs), with what they are. */
  otherAddresses: { title: string; url: string }[]
  appVersion: string | null
  lastDeployedAt: Date | null
  suspendedAt: Date | null
  suspendReason: string | null
}

/** Scoped by the organization id the caller has already authorized (requireMembership). */
export async function getInstanceOverview(orgId: string): Promise<InstanceOverview[]> {
  const tenants = await db.tenant.findMany({
    where: { orgId, state: { not: 'DEPROVISIONED' } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      slug: true,
      appId: true,
      planId: true,
      state: true,
      url: true,
      appVersion: true,
      lastDeployedAt: true,
      suspendedAt: true,
      suspendReason: true,
    },
  })
  const baseDomain = getEnv().BASE_DOMAIN
  return tenants.map(({ appId, ...tenant }) => {
    const app = findApp(appId)
    return {
      ...tenant,
      app: { id: appId, name: app?.name ?? appId },
      otherAddresses: app ? labelledHosts(app, tenant.slug, baseDomain).map((h) => ({ title: h.title, url: `https://${h.host}` })) : [],
    }
  })
}
