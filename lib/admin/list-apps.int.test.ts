// The Apps page's figures against a real database: tenants counted per app and app version (listed
// versions with none included, versions the app no longer lists, not installed yet), deprovisioned
// tenants left out, tenants of an app no longer in the catalog counted apart, and one query whatever
// the number of apps, versions and tenants.
import { beforeAll, describe, expect, it } from 'vitest'
import type { AppDefinition } from '../apps/definition'
import { genericApp } from '../apps/testing/generic'
import { installDb } from '../db'
import { createOrgWithOwner, createTenant } from '../orgs/testing/fixtures'
import { DEFAULT_CATALOG, type Plan } from '../plans/catalog'
import { useTestDatabase } from '../testing/use-test-database'
import { listApps, type AppsCatalog } from './list-apps'

const database = useTestDatabase()

function app(id: string, name: string, changes: Partial<AppDefinition>): AppDefinition {
  return { ...structuredClone(genericApp()), id, name, ...changes }
}

function plan(id: string, appId: string, priceCents: number | null): Plan {
  const base = DEFAULT_CATALOG.find((p) => p.id === 'free')!
  return { ...structuredClone(base), id, app: appId, name: `Plan ${id}`, priceCents }
}

/** alpha: three chart versions, two of them shipping app 1.1.0 (the default: 0.2.0); beta: one, from a chart repository. */
const CATALOG: AppsCatalog = {
  apps: [
    app('alpha', 'Alpha', {
      chart: { path: 'charts/alpha', version: '0.2.1' },
      versions: [
        { chart: '0.1.0', app: '1.0.0' },
        { chart: '0.2.0', app: '1.1.0' },
        { chart: '0.2.1', app: '1.1.0' },
      ],
      defaultVersion: '0.2.0',
    }),
    app('beta', 'Beta', {
      chart: { repository: 'https://charts.example.test/stable', chart: 'beta', version: '3.1.0' },
      versions: [{ chart: '3.1.0', app: '7.0.0' }],
      defaultVersion: '3.1.0',
    }),
  ],
  plans: [plan('alpha-free', 'alpha', null), plan('alpha-pro', 'alpha', 2900), plan('beta-free', 'beta', 0), plan('gone-free', 'gone', 0)],
  sold: ['beta'],
}

let orgId = ''
let serial = 0
async function tenants(count: number, data: { appId: string; appVersion?: string | null; state?: 'DEPROVISIONED' | 'FAILED' | 'ACTIVE' }) {
  for (let i = 0; i < count; i++) {
    serial += 1
    await createTenant(database.db, { orgId, slug: `t-${serial}`, planId: 'free', state: data.state ?? 'ACTIVE', ...data })
  }
}

/**
 * The database operations listApps runs, as `Model.operation` (raw statements as `$queryRawUnsafe`:
 * row-level security's scope statement, lib/db/client.ts; it also makes the counter see a model
 * operation twice, called and run in its transaction).
 */
async function operationsOf(catalog: AppsCatalog): Promise<string[]> {
  const operations: string[] = []
  const counting = database.db.$extends({
    query: {
      $allOperations: async ({ model, operation, args, query }) => {
        operations.push(model ? `${model}.${operation}` : operation)
        return query(args)
      },
    },
  }) as unknown as typeof database.db
  installDb(counting, async () => {})
  try {
    await listApps(catalog)
  } finally {
    installDb(database.db, async () => {})
  }
  return operations
}

beforeAll(async () => {
  orgId = (await createOrgWithOwner(database.db)).id
  expect(await database.db.tenant.count()).toBe(0)
  await tenants(3, { appId: 'alpha', appVersion: '1.0.0' })
  await tenants(2, { appId: 'alpha', appVersion: '1.1.0' })
  await tenants(1, { appId: 'alpha', appVersion: '0.9.0' }) // a version alpha no longer lists
  await tenants(2, { appId: 'alpha', appVersion: null, state: 'FAILED' }) // never installed
  await tenants(4, { appId: 'alpha', appVersion: '1.0.0', state: 'DEPROVISIONED' }) // not counted
  await tenants(2, { appId: 'gone', appVersion: '5.0.0' }) // an app removed from the catalog
  await tenants(1, { appId: 'gone', appVersion: null })
  await tenants(1, { appId: 'gone', appVersion: '4.0.0', state: 'DEPROVISIONED' }) // not counted
})

describe('listApps', () => {
  it('describes every app of the catalog: chart source, versions with the default, plans, sold', async () => {
    const overview = await listApps(CATALOG)
    expect(overview.apps.map((a) => a.id)).toEqual(['alpha', 'beta'])
    const [alpha, beta] = overview.apps
    expect(alpha).toMatchObject({
      name: 'Alpha',
      isSold: false,
      chart: { kind: 'path', location: 'charts/alpha', name: null, version: '0.2.1' },
      defaultVersion: '0.2.0',
      versions: [
        { chart: '0.1.0', app: '1.0.0', isDefault: false },
        { chart: '0.2.0', app: '1.1.0', isDefault: true },
        { chart: '0.2.1', app: '1.1.0', isDefault: false },
      ],
      plans: [
        { id: 'alpha-free', name: 'Plan alpha-free', priceCents: null },
        { id: 'alpha-pro', name: 'Plan alpha-pro', priceCents: 2900 },
      ],
    })
    expect(beta).toMatchObject({
      isSold: true,
      chart: { kind: 'repository', location: 'https://charts.example.test/stable', name: 'beta', version: '3.1.0' },
      versions: [{ chart: '3.1.0', app: '7.0.0', isDefault: true }],
      plans: [{ id: 'beta-free' }],
    })
  })

  it('counts tenants per app version: listed ones (none included), unlisted ones, not installed; deprovisioned left out', async () => {
    const { apps, tenants } = await listApps(CATALOG)
    const [alpha, beta] = apps
    expect(alpha!.tenantsByVersion).toEqual([
      { appVersion: '1.0.0', charts: ['0.1.0'], tenants: 3 },
      { appVersion: '1.1.0', charts: ['0.2.0', '0.2.1'], tenants: 2 },
      { appVersion: '0.9.0', charts: [], tenants: 1 },
      { appVersion: null, charts: [], tenants: 2 },
    ])
    expect(alpha!.tenants).toBe(8)
    expect(beta!.tenantsByVersion).toEqual([{ appVersion: '7.0.0', charts: ['3.1.0'], tenants: 0 }])
    expect(beta!.tenants).toBe(0)
    expect(tenants).toBe(11)
  })

  it('counts the tenants of an app no longer in the catalog apart, per version', async () => {
    const { removed } = await listApps(CATALOG)
    expect(removed).toEqual([
      {
        id: 'gone',
        tenants: 3,
        tenantsByVersion: [
          { appVersion: '5.0.0', charts: [], tenants: 2 },
          { appVersion: null, charts: [], tenants: 1 },
        ],
      },
    ])
    // The same tenants, with alpha removed too: its tenants move to the removed apps.
    const withoutAlpha = await listApps({ ...CATALOG, apps: CATALOG.apps.filter((a) => a.id !== 'alpha') })
    expect(withoutAlpha.removed.map((r) => [r.id, r.tenants])).toEqual([
      ['alpha', 8],
      ['gone', 3],
    ])
  })

  it('reads the catalog in force when none is given', async () => {
    const overview = await listApps()
    expect(overview.apps.map((a) => a.id)).toContain('generic')
    expect(overview.apps.find((a) => a.id === 'generic')!.plans.map((p) => p.id)).toEqual(
      DEFAULT_CATALOG.filter((p) => p.app === 'generic').map((p) => p.id),
    )
    // alpha and gone are not in the built-in catalog
    expect(overview.removed.map((r) => r.id)).toEqual(expect.arrayContaining(['alpha', 'gone']))
  })

  it('runs one grouped query on the tenants, however many apps, versions and tenants', async () => {
    const before = await operationsOf(CATALOG)
    expect(new Set(before.filter((op) => op.includes('.')))).toEqual(new Set(['Tenant.groupBy']))
    await tenants(5, { appId: 'beta', appVersion: '7.0.0' })
    await tenants(3, { appId: 'beta', appVersion: '6.0.0' })
    for (const id of ['gone-2', 'gone-3', 'gone-4']) await tenants(2, { appId: id, appVersion: '1.0.0' })
    const more = { ...CATALOG, apps: [...CATALOG.apps, app('gamma', 'Gamma', {}), app('delta', 'Delta', {})] }
    expect(await operationsOf(more)).toEqual(before)
    const { apps, removed } = await listApps(CATALOG)
    expect(apps[1]!.tenantsByVersion).toEqual([
      { appVersion: '7.0.0', charts: ['3.1.0'], tenants: 5 },
      { appVersion: '6.0.0', charts: [], tenants: 3 },
    ])
    expect(removed.map((r) => r.id)).toEqual(['gone', 'gone-2', 'gone-3', 'gone-4'])
  })
})
