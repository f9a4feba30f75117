import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { createOrganization, ORG_NAME_MESSAGES } from './create-organization'
import { isUniqueViolation } from '../errors/input'
import { SLUG_MESSAGES } from './slug'
import { createTenant, createUser, type TestUser } from './testing/fixtures'

const database = useTestDatabase()
let user: TestUser

beforeAll(async () => {
  user = await createUser(database.db, { email: 'founder@example.test' })
})

const counts = async () => ({
  orgs: await database.db.organization.count(),
  memberships: await database.db.membership.count(),
  audit: await database.db.auditLog.count(),
})

const VALID_NAME = 'Valid Name'

/** [label, name, slug (undefined: derive), field, expected message]. */
const MALFORMED: [string, string, string | undefined, 'name' | 'slug', string][] = [
  ['empty name', '', undefined, 'name', ORG_NAME_MESSAGES.empty],
  ['blank name', '   ', undefined, 'name', ORG_NAME_MESSAGES.empty],
  ['one-letter name', 'A', undefined, 'name', ORG_NAME_MESSAGES.tooShort],
  ['one emoji as name', '🚀', undefined, 'name', ORG_NAME_MESSAGES.tooShort],
  ['81-character name', 'x'.repeat(81), undefined, 'name', ORG_NAME_MESSAGES.tooLong],
  ['500-character name', 'Acme '.repeat(100), undefined, 'name', ORG_NAME_MESSAGES.tooLong],
  ['tab in name', 'Acme\tInc', undefined, 'name', ORG_NAME_MESSAGES.control],
  ['line break in name', 'Acme\nInc', undefined, 'name', ORG_NAME_MESSAGES.control],
  ['NUL in name', 'Acme\u0000Inc', undefined, 'name', ORG_NAME_MESSAGES.control],
  ['bell in name', '\u0007Ring Co', undefined, 'name', ORG_NAME_MESSAGES.control],
  ['right-to-left override in name', 'Evil\u202Egnp.exe', undefined, 'name', ORG_NAME_MESSAGES.control],
  ['empty slug', VALID_NAME, '', 'slug', SLUG_MESSAGES.empty],
  ['capitalized slug', VALID_NAME, 'Acme', 'slug', SLUG_MESSAGES.characters],
  ['upper-case slug', VALID_NAME, 'ACME', 'slug', SLUG_MESSAGES.characters],
  ['upper-case reserved word', VALID_NAME, 'API', 'slug', SLUG_MESSAGES.characters],
  ['space inside', VALID_NAME, 'my org', 'slug', SLUG_MESSAGES.characters],
  ['leading space', VALID_NAME, ' acme', 'slug', SLUG_MESSAGES.characters],
  ['trailing tab', VALID_NAME, 'acme\t', 'slug', SLUG_MESSAGES.characters],
  ['underscore', VALID_NAME, 'my_org', 'slug', SLUG_MESSAGES.characters],
  ['dot', VALID_NAME, 'my.org', 'slug', SLUG_MESSAGES.characters],
  ['a whole host name', VALID_NAME, 'acme.example.com', 'slug', SLUG_MESSAGES.characters],
  ['accented letter', VALID_NAME, 'crème', 'slug', SLUG_MESSAGES.characters],
  ['Cyrillic look-alike', VALID_NAME, 'аcme', 'slug', SLUG_MESSAGES.characters],
  ['CJK', VALID_NAME, '日本語', 'slug', SLUG_MESSAGES.characters],
  ['emoji inside', VALID_NAME, 'rocket🚀', 'slug', SLUG_MESSAGES.characters],
  ['only emoji', VALID_NAME, '🚀🚀🚀', 'slug', SLUG_MESSAGES.characters],
  ['HTML tag', VALID_NAME, '<script>', 'slug', SLUG_MESSAGES.characters],
  ['script element', VALID_NAME, '<script>alert(1)</script>', 'slug', SLUG_MESSAGES.characters],
  ['SQL injection', VALID_NAME, "a'; drop table", 'slug', SLUG_MESSAGES.characters],
  ['SQL tautology', VALID_NAME, "acme' or '1'='1", 'slug', SLUG_MESSAGES.characters],
  ['path traversal', VALID_NAME, '../etc', 'slug', SLUG_MESSAGES.characters],
  ['slash', VALID_NAME, 'a/b', 'slug', SLUG_MESSAGES.characters],
  ['at sign', VALID_NAME, 'user@acme', 'slug', SLUG_MESSAGES.characters],
  ['percent-encoding', VALID_NAME, '%61cme', 'slug', SLUG_MESSAGES.characters],
  ['NUL byte', VALID_NAME, 'acme\u0000', 'slug', SLUG_MESSAGES.characters],
  ['41 characters', VALID_NAME, 'x'.repeat(41), 'slug', SLUG_MESSAGES.tooLong],
  ['100 characters', VALID_NAME, 'ab-'.repeat(33) + 'a', 'slug', SLUG_MESSAGES.tooLong],
  ['two characters', VALID_NAME, 'ab', 'slug', SLUG_MESSAGES.tooShort],
  ['one character', VALID_NAME, 'a', 'slug', SLUG_MESSAGES.tooShort],
  ['leading hyphen', VALID_NAME, '-acme', 'slug', SLUG_MESSAGES.edges],
  ['trailing hyphen', VALID_NAME, 'acme-', 'slug', SLUG_MESSAGES.edges],
  ['only hyphens', VALID_NAME, '----', 'slug', SLUG_MESSAGES.edges],
  ['punycode', VALID_NAME, 'xn--80ak6aa92e', 'slug', SLUG_MESSAGES.punycode],
  ['reserved: admin', VALID_NAME, 'admin', 'slug', SLUG_MESSAGES.reserved],
  ['reserved: api', VALID_NAME, 'api', 'slug', SLUG_MESSAGES.reserved],
  ['reserved: www', VALID_NAME, 'www', 'slug', SLUG_MESSAGES.reserved],
  ['reserved: default', VALID_NAME, 'default', 'slug', SLUG_MESSAGES.reserved],
  ['reserved: tenancy', VALID_NAME, 'tenancy', 'slug', SLUG_MESSAGES.reserved],
  ['reserved: localhost', VALID_NAME, 'localhost', 'slug', SLUG_MESSAGES.reserved],
  ['reserved: autodiscover', VALID_NAME, 'autodiscover', 'slug', SLUG_MESSAGES.reserved],
  ['reserved prefix: kube-system', VALID_NAME, 'kube-system', 'slug', SLUG_MESSAGES.reserved],
  ['reserved prefix: tenant-x', VALID_NAME, 'tenant-x', 'slug', SLUG_MESSAGES.reserved],
]

describe('createOrganization refuses malformed input with a clear field error and creates nothing', () => {
  it('has at least 40 cases', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(40)
  })

  it.each(MALFORMED)('%s', async (_label, name, slug, field, message) => {
    const before = await counts()
    const error = await expectAppError(createOrganization({ name, slug, userId: user.id }), 'VALIDATION')
    expect(error.details.fieldErrors).toEqual({ [field]: [message] })
    expect(await counts()).toEqual(before)
  })

  it('reports a bad name and a bad slug together', async () => {
    const error = await expectAppError(createOrganization({ name: '', slug: 'Bad Slug', userId: user.id }), 'VALIDATION')
    expect(error.details.fieldErrors).toEqual({ name: [ORG_NAME_MESSAGES.empty], slug: [SLUG_MESSAGES.characters] })
  })
})

describe('createOrganization', () => {
  it('creates the organization with its creator as owner and an audit entry', async () => {
    const org = await createOrganization(
      { name: '  Acme Analytics  ', userId: user.id },
      { ip: '203.0.113.7', userAgent: 'vitest', requestId: 'req-create-1' },
    )
    expect(org).toEqual({ id: expect.any(String), name: 'Acme Analytics', slug: 'acme-analytics' })
    const membership = await database.db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: user.id } } })
    expect(membership.role).toBe('OWNER')
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'org.created', orgId: org.id } })
    expect(audit).toMatchObject({
      actorType: 'USER',
      actorUserId: user.id,
      targetType: 'organization',
      targetId: org.id,
      after: { name: 'Acme Analytics', slug: 'acme-analytics' },
      ip: '203.0.113.7',
      userAgent: 'vitest',
      requestId: 'req-create-1',
    })
  })

  it('uses an explicit slug and refuses it when taken (by an organization or a tenant)', async () => {
    const org = await createOrganization({ name: 'Globex', slug: 'globex-labs', userId: user.id })
    expect(org.slug).toBe('globex-labs')
    const before = await counts()
    await expectAppError(createOrganization({ name: 'Other', slug: 'globex-labs', userId: user.id }), 'VALIDATION', {
      slug: SLUG_MESSAGES.taken,
    })

    await createTenant(database.db, { orgId: org.id, slug: 'held-by-tenant' })
    await expectAppError(createOrganization({ name: 'Other', slug: 'held-by-tenant', userId: user.id }), 'VALIDATION', {
      slug: SLUG_MESSAGES.taken,
    })
    expect(await counts()).toEqual(before)
    // A derived slug steps around it.
    expect((await createOrganization({ name: 'Held by Tenant', userId: user.id })).slug).toMatch(/^held-by-tenant-[a-z0-9]{4}$/)
  })

  it('appends a random suffix on collision and stays within 40 characters', async () => {
    const first = await createOrganization({ name: 'Collide Co', userId: user.id })
    const second = await createOrganization({ name: 'Collide Co', userId: user.id })
    expect(first.slug).toBe('collide-co')
    expect(second.slug).toMatch(/^collide-co-[a-z0-9]{4}$/)

    const longName = 'The Very Long Organization Name Of A Company That Goes On'
    const a = await createOrganization({ name: longName, userId: user.id })
    const b = await createOrganization({ name: longName, userId: user.id })
    expect(a.slug).toBe('the-very-long-organization-name-of-a-com')
    expect(a.slug.length).toBeLessThanOrEqual(40)
    expect(b.slug).toMatch(/^the-very-long-organization-name-of-[a-z0-9]{4}$/)
    expect(b.slug.length).toBeLessThanOrEqual(40)
  })

  it('derives a valid slug from names whose slug is reserved, too short or empty', async () => {
    expect((await createOrganization({ name: 'Admin', userId: user.id })).slug).toMatch(/^admin-[a-z0-9]{4}$/)
    expect((await createOrganization({ name: 'AB', userId: user.id })).slug).toMatch(/^ab-[a-z0-9]{4}$/)
    expect((await createOrganization({ name: 'Kube System', userId: user.id })).slug).toBe('kubesystem')
    expect((await createOrganization({ name: 'Tenant X', userId: user.id })).slug).toBe('tenantx')
    // 'org' itself is reserved: names without Latin letters or digits get 'org-' and a suffix.
    expect((await createOrganization({ name: '日本語の会社', userId: user.id })).slug).toMatch(/^org-[a-z0-9]{4}$/)
    expect((await createOrganization({ name: '株式会社', userId: user.id })).slug).toMatch(/^org-[a-z0-9]{4}$/)
    expect((await createOrganization({ name: 'Crème Brûlée', userId: user.id })).slug).toBe('creme-brulee')
  })

  it('gives the same field error when a concurrent request takes the slug first', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => createOrganization({ name: `Racer ${i}`, slug: 'race-slug', userId: user.id })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'VALIDATION',
        details: { fieldErrors: { slug: [SLUG_MESSAGES.taken] } },
      })
    }
    expect(await database.db.organization.count({ where: { slug: 'race-slug' } })).toBe(1)
  })

  it('gives every concurrent creation with the same name its own slug', async () => {
    const orgs = await Promise.all(Array.from({ length: 6 }, () => createOrganization({ name: 'Crowded', userId: user.id })))
    expect(new Set(orgs.map((o) => o.slug)).size).toBe(6)
    for (const org of orgs) expect(org.slug).toMatch(/^crowded(-[a-z0-9]{4})?$/)
  })

  it('recognizes the unique violation of this database', async () => {
    const error = await database.db.organization.create({ data: { name: 'Dup', slug: 'collide-co' } }).catch((e: unknown) => e)
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(new Error('other'))).toBe(false)
  })
})
