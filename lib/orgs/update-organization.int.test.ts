import { beforeAll, describe, expect, it } from 'vitest'
import { getEnv } from '../env'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { ORG_NAME_MESSAGES } from './create-organization'
import { SLUG_MESSAGES } from './slug'
import { addMember, createOrgWithOwner, createTenant, type TestOrg } from './testing/fixtures'
import { changeOrganizationSlug, renameOrganization } from './update-organization'

const database = useTestDatabase()

const auditOf = (orgId: string, action: string) => database.db.auditLog.findMany({ where: { orgId, action }, orderBy: { id: 'asc' } })

describe('renameOrganization', () => {
  let org: TestOrg
  beforeAll(async () => {
    org = await createOrgWithOwner(database.db, { name: 'Old Name', slug: 'rename-me' })
  })

  it('renames for owners and admins, with before and after in the audit log', async () => {
    expect(await renameOrganization({ orgId: org.id, userId: org.owner.id, name: '  New Name ' }, { requestId: 'req-rename' })).toEqual({
      id: org.id,
      name: 'New Name',
      slug: 'rename-me',
    })
    const admin = await addMember(database.db, org.id, 'ADMIN')
    await renameOrganization({ orgId: org.id, userId: admin.id, name: 'Newer Name' })
    const entries = await auditOf(org.id, 'org.renamed')
    expect(entries.map((e) => [e.before, e.after, e.actorUserId])).toEqual([
      [{ name: 'Old Name' }, { name: 'New Name' }, org.owner.id],
      [{ name: 'New Name' }, { name: 'Newer Name' }, admin.id],
    ])
    expect(entries[0]!.requestId).toBe('req-rename')
  })

  it('does nothing (and audits nothing) when the name is the same', async () => {
    const before = (await auditOf(org.id, 'org.renamed')).length
    await renameOrganization({ orgId: org.id, userId: org.owner.id, name: 'Newer Name' })
    expect(await auditOf(org.id, 'org.renamed')).toHaveLength(before)
  })

  it('refuses members, invalid names and outsiders', async () => {
    const member = await addMember(database.db, org.id, 'MEMBER')
    await expectAppError(renameOrganization({ orgId: org.id, userId: member.id, name: 'Mine Now' }), 'FORBIDDEN')
    await expectAppError(renameOrganization({ orgId: org.id, userId: org.owner.id, name: 'A' }), 'VALIDATION', {
      name: ORG_NAME_MESSAGES.tooShort,
    })
    await expectAppError(renameOrganization({ orgId: org.id, userId: org.owner.id, name: 'Bad\u202Ename' }), 'VALIDATION', {
      name: ORG_NAME_MESSAGES.control,
    })
    const outsider = await createOrgWithOwner(database.db)
    await expectAppError(renameOrganization({ orgId: org.id, userId: outsider.owner.id, name: 'Hijacked' }), 'NOT_FOUND')
    expect((await database.db.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe('Newer Name')
  })
})

describe('changeOrganizationSlug', () => {
  it('changes the slug for owners and admins, with before and after in the audit log', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'first-slug' })
    expect(await changeOrganizationSlug({ orgId: org.id, userId: org.owner.id, slug: 'second-slug' })).toMatchObject({
      slug: 'second-slug',
    })
    const admin = await addMember(database.db, org.id, 'ADMIN')
    await changeOrganizationSlug({ orgId: org.id, userId: admin.id, slug: 'third-slug' })
    expect((await auditOf(org.id, 'org.slug_changed')).map((e) => [e.before, e.after])).toEqual([
      [{ slug: 'first-slug' }, { slug: 'second-slug' }],
      [{ slug: 'second-slug' }, { slug: 'third-slug' }],
    ])
    // The old slug is free again.
    expect((await createOrgWithOwner(database.db, { slug: 'first-slug' })).slug).toBe('first-slug')
    // Same slug: nothing happens.
    await changeOrganizationSlug({ orgId: org.id, userId: org.owner.id, slug: 'third-slug' })
    expect(await auditOf(org.id, 'org.slug_changed')).toHaveLength(2)
  })

  it('refuses invalid, reserved and taken slugs with a field error', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'stays-put' })
    await createOrgWithOwner(database.db, { slug: 'already-mine' })
    await expectAppError(changeOrganizationSlug({ orgId: org.id, userId: org.owner.id, slug: 'Stays Put' }), 'VALIDATION', {
      slug: SLUG_MESSAGES.characters,
    })
    await expectAppError(changeOrganizationSlug({ orgId: org.id, userId: org.owner.id, slug: 'admin' }), 'VALIDATION', {
      slug: SLUG_MESSAGES.reserved,
    })
    await expectAppError(changeOrganizationSlug({ orgId: org.id, userId: org.owner.id, slug: 'tenant-stays-put' }), 'VALIDATION', {
      slug: SLUG_MESSAGES.reserved,
    })
    await expectAppError(changeOrganizationSlug({ orgId: org.id, userId: org.owner.id, slug: 'already-mine' }), 'VALIDATION', {
      slug: SLUG_MESSAGES.taken,
    })
    expect((await database.db.organization.findUniqueOrThrow({ where: { id: org.id } })).slug).toBe('stays-put')
  })

  it('refuses once the organization has a tenant: the instance address depends on it', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'has-instance' })
    await createTenant(database.db, { orgId: org.id, slug: 'has-instance' })
    const error = await expectAppError(changeOrganizationSlug({ orgId: org.id, userId: org.owner.id, slug: 'new-address' }), 'VALIDATION', {
      slug: `The address cannot change once the instance exists: it is served at has-instance.${getEnv().BASE_DOMAIN}`,
    })
    expect(error.message).toMatch(/cannot change once the instance exists/)
    expect((await database.db.organization.findUniqueOrThrow({ where: { id: org.id } })).slug).toBe('has-instance')
  })

  it('refuses members and outsiders', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'guarded' })
    const member = await addMember(database.db, org.id, 'MEMBER')
    await expectAppError(changeOrganizationSlug({ orgId: org.id, userId: member.id, slug: 'mine-now' }), 'FORBIDDEN')
    const outsider = await createOrgWithOwner(database.db)
    await expectAppError(changeOrganizationSlug({ orgId: org.id, userId: outsider.owner.id, slug: 'mine-now' }), 'NOT_FOUND')
  })

  it('lets one of two concurrent changes to the same slug win', async () => {
    const a = await createOrgWithOwner(database.db)
    const b = await createOrgWithOwner(database.db)
    const results = await Promise.allSettled([
      changeOrganizationSlug({ orgId: a.id, userId: a.owner.id, slug: 'contested' }),
      changeOrganizationSlug({ orgId: b.id, userId: b.owner.id, slug: 'contested' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'VALIDATION',
      details: { fieldErrors: { slug: [SLUG_MESSAGES.taken] } },
    })
  })
})
