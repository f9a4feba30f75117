import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { checkSlug, isSlugTaken } from './check-slug'
import { SLUG_MESSAGES } from './slug'
import { createTenant } from './testing/fixtures'

const database = useTestDatabase()
let orgId: string

beforeAll(async () => {
  orgId = (await database.db.organization.create({ data: { name: 'Acme', slug: 'acme' } })).id
  await createTenant(database.db, { orgId, slug: 'acme-legacy' })
})

describe('checkSlug', () => {
  it('says a free, valid slug is available', async () => {
    expect(await checkSlug('brand-new')).toEqual({ slug: 'brand-new', isAvailable: true })
  })

  it('gives the reason for an invalid or reserved slug', async () => {
    expect(await checkSlug('Acme')).toEqual({ slug: 'Acme', isAvailable: false, reason: SLUG_MESSAGES.characters })
    expect(await checkSlug('x'.repeat(41))).toMatchObject({ isAvailable: false, reason: SLUG_MESSAGES.tooLong })
    expect(await checkSlug('admin')).toMatchObject({ isAvailable: false, reason: SLUG_MESSAGES.reserved })
    expect(await checkSlug('kube-system')).toMatchObject({ isAvailable: false, reason: SLUG_MESSAGES.reserved })
    expect(await checkSlug('')).toMatchObject({ isAvailable: false, reason: SLUG_MESSAGES.empty })
  })

  it('says taken when an organization or a tenant holds the slug', async () => {
    expect(await checkSlug('acme')).toEqual({ slug: 'acme', isAvailable: false, reason: SLUG_MESSAGES.taken })
    expect(await checkSlug('acme-legacy')).toEqual({ slug: 'acme-legacy', isAvailable: false, reason: SLUG_MESSAGES.taken })
  })

  it('writes nothing', async () => {
    const before = await database.db.organization.count()
    await checkSlug('another-one')
    expect(await database.db.organization.count()).toBe(before)
  })
})

describe('isSlugTaken', () => {
  it('can ignore the organization’s own slug, never a tenant’s', async () => {
    expect(await isSlugTaken('acme', { exceptOrgId: orgId })).toBe(false)
    expect(await isSlugTaken('acme-legacy', { exceptOrgId: orgId })).toBe(true)
    expect(await isSlugTaken('acme')).toBe(true)
  })
})
