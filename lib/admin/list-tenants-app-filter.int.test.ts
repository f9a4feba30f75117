// The tenants table's app filter against a real database, with a second app in the catalog the way an
// operator adds one (APPS_FILE, its plan in PLANS_FILE): only that app's tenants, combined with the
// other filters and pages; an id the catalog does not have — even one that tenants still carry — refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { seedFleet } from '../../prisma/seed-fleet'
import { getApps } from '../apps/catalog'
import { dropOperatorCatalog, useOperatorCatalog } from '../apps/testing/operator-catalog'
import { createOrgWithOwner, createTenant } from '../orgs/testing/fixtures'
import { findPlan } from '../plans/catalog'
import { useTestDatabase } from '../testing/use-test-database'
import { listTenants, listTenantsInput, type ListTenantsInput } from './list-tenants'

const database = useTestDatabase()
const now = new Date('2026-11-01T12:00:00Z')
const FLEET = 30 // generic's tenants (the fleet's default app)

/** An operator's app, in the JSON an operator writes (an OCI chart: checked once in the chart cache). */
const notes = {
  id: 'notes',
  name: 'Notes',
  description: 'A notes app.',
  chart: { oci: 'oci://registry.example.com/charts/notes', version: '1.2.0' },
  versions: [{ chart: '1.2.0', app: '4.1.0' }],
  defaultVersion: '1.2.0',
  components: [{ name: 'web', cpuShare: 1, memoryShare: 1, replicas: 'plan.replicas' }],
  exposure: { http: [{ host: 'instance', path: '/', service: 'web', port: 80 }] },
  egress: 'none',
  health: { service: 'web', port: 80, path: '/healthz' },
  values: { 'ingress.host': { fact: 'host' } },
}

/** The issues listTenants refuses `input` with (it must refuse it, with a ZodError). */
async function refusalOf(input: ListTenantsInput): Promise<{ path: PropertyKey[]; message: string }[]> {
  const error = await listTenants(input, now).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, JSON.stringify(input)).toBeInstanceOf(z.ZodError)
  return (error as z.ZodError).issues.map((issue) => ({ path: issue.path, message: issue.message }))
}

beforeAll(async () => {
  useOperatorCatalog({ apps: [notes], plans: [{ ...findPlan('free')!, id: 'notes-free', app: 'notes', name: 'Free' }] })
  expect(getApps().map((a) => a.id)).toEqual(expect.arrayContaining(['generic', 'notes']))

  await seedFleet(database.db, { size: FLEET, baseDomain: 'tenants.localhost', now })
  const org = await createOrgWithOwner(database.db, { name: 'Notes Customers' })
  for (let i = 1; i <= 5; i++) {
    await createTenant(database.db, {
      orgId: org.id,
      slug: `notes-${i}`,
      appId: 'notes',
      appVersion: '4.1.0',
      planId: 'notes-free',
      state: i <= 3 ? 'ACTIVE' : 'SUSPENDED',
    })
  }
  // An app an operator removed from the catalog: its tenants stay, but it is no filter.
  await createTenant(database.db, { orgId: org.id, slug: 'retired-1', appId: 'retired', planId: 'free' })
})

afterAll(dropOperatorCatalog)

describe('listTenants by app', () => {
  it("lists only that app's tenants, with their app and version", async () => {
    const notesPage = await listTenants({ app: 'notes', pageSize: 200 }, now)
    expect(notesPage.total).toBe(5)
    expect(notesPage.rows.map((r) => r.slug).sort()).toEqual(['notes-1', 'notes-2', 'notes-3', 'notes-4', 'notes-5'])
    expect(notesPage.rows.every((r) => r.appId === 'notes' && r.appVersion === '4.1.0')).toBe(true)

    const generic = await listTenants({ app: 'generic', pageSize: 200 }, now)
    expect(generic.total).toBe(FLEET)
    expect(generic.rows.every((r) => r.appId === 'generic')).toBe(true)

    expect((await listTenants({ pageSize: 200 }, now)).total).toBe(FLEET + 6) // no filter: every app, the retired one too
  })

  it('keeps the other filters, the search, the sort and the pages', async () => {
    const suspended = await listTenants({ app: 'notes', state: 'SUSPENDED', pageSize: 200 }, now)
    expect(suspended.rows.map((r) => r.slug).sort()).toEqual(['notes-4', 'notes-5'])
    expect((await listTenants({ app: 'notes', plan: 'notes-free' }, now)).total).toBe(5)
    expect((await listTenants({ app: 'generic', plan: 'notes-free' }, now)).total).toBe(0)
    expect((await listTenants({ app: 'notes', q: 'notes-3' }, now)).rows.map((r) => r.slug)).toEqual(['notes-3'])
    expect((await listTenants({ app: 'generic', q: 'notes-3' }, now)).total).toBe(0)

    const pages = []
    for (const page of [1, 2, 3]) pages.push(await listTenants({ app: 'notes', sort: 'slug', dir: 'asc', pageSize: 2, page }, now))
    expect(pages.map((p) => p.rows.map((r) => r.slug))).toEqual([['notes-1', 'notes-2'], ['notes-3', 'notes-4'], ['notes-5']])
    expect(pages.every((p) => p.total === 5 && p.pageCount === 3)).toBe(true)
  })

  it('refuses an app the catalog does not have, naming it and the known ones; an empty one is no filter', async () => {
    const known = getApps()
      .map((a) => a.id)
      .join(', ')
    expect(known).toMatch(/\bnotes$/)
    expect(await refusalOf({ app: 'no-such-app' })).toEqual([{ path: ['app'], message: `Unknown app "no-such-app" (known: ${known})` }])
    // tenants still carry "retired", but it is not an app of the catalog
    expect(await refusalOf({ app: 'retired', state: 'ACTIVE' })).toEqual([
      { path: ['app'], message: `Unknown app "retired" (known: ${known})` },
    ])
    expect((await refusalOf({ app: 'x'.repeat(65) })).map((i) => i.path)).toEqual([['app']])
    expect(listTenantsInput.parse({ app: '' }).app).toBeUndefined()
    expect(listTenantsInput.parse({ app: ' notes ' }).app).toBe('notes')
  })
})
