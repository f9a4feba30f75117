/**
 * Data for the integration tests: users created directly, organizations created through the use
 * case, tenant rows written directly. (The jobs recorder lives in lib/testing/record-jobs.ts.)
 */
import crypto from 'node:crypto'
import type { Db, MemberRole, Prisma } from '../../db'
import { createOrganization } from '../create-organization'

export { recordJobs } from '../../testing/record-jobs'

export interface TestUser {
  id: string
  email: string
}

const unique = () => crypto.randomBytes(4).toString('hex')

export async function createUser(db: Db, options: { email?: string; name?: string | null } = {}): Promise<TestUser> {
  const email = (options.email ?? `user-${unique()}@example.test`).toLowerCase()
  return db.user.create({
    data: { email, name: options.name === undefined ? 'Test User' : options.name },
    select: { id: true, email: true },
  })
}

export interface TestOrg {
  id: string
  slug: string
  name: string
  owner: TestUser
}

/** An organization made by createOrganization, owned by a new user (or `owner`). */
export async function createOrgWithOwner(db: Db, options: { name?: string; slug?: string; owner?: TestUser } = {}): Promise<TestOrg> {
  const owner = options.owner ?? (await createUser(db))
  const org = await createOrganization({
    name: options.name ?? `Org ${unique()}`,
    slug: options.slug ?? `org-${unique()}`,
    userId: owner.id,
  })
  return { ...org, owner }
}

/** Adds `user` (a new one by default) to the organization with `role`; returns user and membership id. */
export async function addMember(db: Db, orgId: string, role: MemberRole, user?: TestUser): Promise<TestUser & { membershipId: string }> {
  const member = user ?? (await createUser(db))
  const membership = await db.membership.create({ data: { orgId, userId: member.id, role }, select: { id: true } })
  return { ...member, membershipId: membership.id }
}

export async function membershipIdOf(db: Db, orgId: string, userId: string): Promise<string> {
  return (await db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId, userId } }, select: { id: true } })).id
}

/**
 * A tenant row written directly (no provisioning): namespace `tenant-<slug>` and plan `free`
 * unless given; the state is the schema's default (PENDING) unless given.
 */
export async function createTenant(
  db: Db,
  data: { orgId: string; slug: string; namespace?: string; planId?: string } & Omit<
    Prisma.TenantUncheckedCreateInput,
    'orgId' | 'slug' | 'namespace' | 'planId'
  >,
) {
  return db.tenant.create({ data: { ...data, namespace: data.namespace ?? `tenant-${data.slug}`, planId: data.planId ?? 'free' } })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
