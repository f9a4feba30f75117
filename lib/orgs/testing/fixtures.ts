/**
 * Data for the organizations domain's integration tests: users created directly, organizations
 * created through the use case, and a recording double of the jobs backend.
 */
import crypto from 'node:crypto'
import { expect } from 'vitest'
import type { Db, MemberRole } from '../../db'
import type { ErrorCode } from '../../errors/app-error'
import type { RawEvent } from '../../jobs/engine'
import { configureJobs } from '../../jobs/jobs'
import { createOrganization } from '../create-organization'

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

/** Replaces the jobs backend with a recorder; `stop()` unplugs it. */
export function recordJobs(): { sent: RawEvent[]; stop: () => void } {
  const sent: RawEvent[] = []
  configureJobs({
    send: async (events) => {
      sent.push(...events)
      return events.map((event, i) => event.id ?? String(i))
    },
  })
  return { sent, stop: () => configureJobs(undefined) }
}

/** Awaits `promise` and checks it rejected with an AppError of `code` (and optionally `fields` in its field errors). */
export async function expectAppError(
  promise: Promise<unknown>,
  code: ErrorCode,
  fields?: Record<string, string | RegExp>,
): Promise<{ message: string; details: { fieldErrors?: Record<string, string[]> } }> {
  const error = await promise.then(
    () => {
      throw new Error(`expected AppError ${code}, but the call succeeded`)
    },
    (e: unknown) => e,
  )
  expect(error).toMatchObject({ name: 'AppError', code })
  const appError = error as { message: string; details: { fieldErrors?: Record<string, string[]> } }
  for (const [field, expected] of Object.entries(fields ?? {})) {
    const messages = appError.details.fieldErrors?.[field]
    expect(messages, `field error for ${field}`).toBeDefined()
    expect(messages!.join(' | ')).toMatch(expected)
  }
  return appError
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
