/**
 * The console's Apps page: every app of the catalog (lib/apps/catalog.ts) with its chart source,
 * its versions (the default marked), its plans and whether it is sold (APPS_SOLD), and how many
 * tenants run each app version; tenants whose app is no longer in the catalog (an operator removed
 * it from APPS_FILE) are listed apart, so that they are not lost from sight.
 *
 * The tenants are counted by one grouped query on (appId, appVersion) (the index
 * Tenant_appId_appVersion_idx), whatever the number of apps, versions and tenants. A tenant records
 * the app version it runs (Tenant.appVersion, from `versions[].app`; null until its chart is
 * installed), not the chart version, so the counts are per app version, each with the chart
 * versions that ship it. Deprovisioned tenants run nothing and are not counted.
 */
import type { AppDefinition } from '../apps/definition'
import { getApps, soldApps } from '../apps/catalog'
import { db } from '../db'
import { getCatalog, type Plan } from '../plans/catalog'

export interface ChartSourceView {
  kind: 'path' | 'repository' | 'oci'
  /** The directory or package (path), the repository URL, or the oci:// reference. */
  location: string
  /** The chart's name in its repository (repository sources only). */
  name: string | null
  /** The pinned chart version the source is fetched at. */
  version: string
}

export interface VersionCount {
  /** Tenant.appVersion; null = none recorded (not installed yet: a new or failed tenant, or a seeded one). */
  appVersion: string | null
  /** The chart versions of the app that ship this app version; empty = a version the app no longer lists. */
  charts: string[]
  tenants: number
}

export interface AppSummary {
  id: string
  name: string
  description: string
  isSold: boolean
  chart: ChartSourceView
  defaultVersion: string
  versions: { chart: string; app: string; isDefault: boolean }[]
  plans: { id: string; name: string; priceCents: number | null }[]
  tenants: number
  /** Every app version the app lists (0 tenants included), in its order; then unlisted ones; then none recorded. */
  tenantsByVersion: VersionCount[]
}

/** Tenants whose appId is not an app of the catalog. */
export interface RemovedApp {
  id: string
  tenants: number
  tenantsByVersion: VersionCount[]
}

export interface AppsOverview {
  apps: AppSummary[]
  removed: RemovedApp[]
  /** Tenants counted (every state but DEPROVISIONED), removed apps included. */
  tenants: number
}

/** What the overview is made of: the catalog in force unless given (tests). */
export interface AppsCatalog {
  apps: readonly AppDefinition[]
  plans: readonly Plan[]
  /** Ids of the apps the company sells. */
  sold: readonly string[]
}

function chartSource(chart: AppDefinition['chart']): ChartSourceView {
  if (chart.oci) return { kind: 'oci', location: chart.oci, name: null, version: chart.version }
  if (chart.repository) return { kind: 'repository', location: chart.repository, name: chart.chart ?? null, version: chart.version }
  return { kind: 'path', location: chart.path ?? '', name: null, version: chart.version }
}

/** Versions with tenants that the app does not list, by version; null (none recorded) last. */
function byVersion(a: VersionCount, b: VersionCount): number {
  if (a.appVersion === null || b.appVersion === null) return a.appVersion === null ? (b.appVersion === null ? 0 : 1) : -1
  return a.appVersion < b.appVersion ? -1 : a.appVersion > b.appVersion ? 1 : 0
}

function versionCounts(counts: Map<string | null, number>, listed: AppDefinition['versions']): VersionCount[] {
  const rows: VersionCount[] = []
  for (const v of listed) {
    const row = rows.find((r) => r.appVersion === v.app)
    if (row) row.charts.push(v.chart)
    else rows.push({ appVersion: v.app, charts: [v.chart], tenants: counts.get(v.app) ?? 0 })
  }
  const others: VersionCount[] = []
  for (const [appVersion, tenants] of counts)
    if (!rows.some((r) => r.appVersion === appVersion)) others.push({ appVersion, charts: [], tenants })
  return [...rows, ...others.sort(byVersion)]
}

const sum = (rows: VersionCount[]) => rows.reduce((n, r) => n + r.tenants, 0)

export async function listApps(catalog?: AppsCatalog): Promise<AppsOverview> {
  const { apps, plans, sold } = catalog ?? { apps: getApps(), plans: getCatalog(), sold: soldApps().map((a) => a.id) }
  const groups = await db.tenant.groupBy({
    by: ['appId', 'appVersion'],
    where: { state: { not: 'DEPROVISIONED' } },
    _count: { _all: true },
  })
  const counts = new Map<string, Map<string | null, number>>()
  for (const g of groups) {
    const perVersion = counts.get(g.appId) ?? new Map<string | null, number>()
    perVersion.set(g.appVersion, g._count._all)
    counts.set(g.appId, perVersion)
  }
  const summaries: AppSummary[] = apps.map((app) => {
    const tenantsByVersion = versionCounts(counts.get(app.id) ?? new Map(), app.versions)
    return {
      id: app.id,
      name: app.name,
      description: app.description,
      isSold: sold.includes(app.id),
      chart: chartSource(app.chart),
      defaultVersion: app.defaultVersion,
      versions: app.versions.map((v) => ({ chart: v.chart, app: v.app, isDefault: v.chart === app.defaultVersion })),
      plans: plans.filter((p) => p.app === app.id).map((p) => ({ id: p.id, name: p.name, priceCents: p.priceCents })),
      tenants: sum(tenantsByVersion),
      tenantsByVersion,
    }
  })
  const removed: RemovedApp[] = [...counts.keys()]
    .filter((id) => !apps.some((a) => a.id === id))
    .sort()
    .map((id) => {
      const tenantsByVersion = versionCounts(counts.get(id)!, [])
      return { id, tenants: sum(tenantsByVersion), tenantsByVersion }
    })
  return { apps: summaries, removed, tenants: groups.reduce((n, g) => n + g._count._all, 0) }
}
