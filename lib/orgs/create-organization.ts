/**
 * Creates an organization with its creator as OWNER, in one transaction with the audit entry.
 *
 * Without a slug, the name's slug is used, and when that is taken (or reserved, or too short) a
 * random 4-character suffix is appended: `acme` → `acme-x7k2`. An explicit slug is validated and
 * refused with a field error when taken, also when another request took it a moment earlier (the
 * unique index decides, and its violation becomes the same field error).
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { db, withDbScope } from '../db'
import { hasDisguisingCharacters } from '../text/display-text'
import { recordAudit } from '../audit/record-audit'
import { isSlugTaken } from './check-slug'
import { auditRequest, fieldError, isUniqueViolation, parseInput, type RequestMeta } from '../errors/input'
import { SLUG_MESSAGES, slugBaseForName, slugProblem, slugSchema, slugWithSuffix } from './slug'

export const ORG_NAME_MIN_LENGTH = 2
export const ORG_NAME_MAX_LENGTH = 80

export const ORG_NAME_MESSAGES = {
  empty: 'Enter a name',
  tooShort: `At least ${ORG_NAME_MIN_LENGTH} characters`,
  tooLong: `At most ${ORG_NAME_MAX_LENGTH} characters`,
  control: 'Remove control characters (tabs, line breaks, direction marks)',
} as const

/** An organization name: trimmed and NFC-normalized, 2–80 characters, no control characters. */
export const organizationNameSchema = z
  .string({ message: ORG_NAME_MESSAGES.empty })
  .transform((name) => name.normalize('NFC').trim())
  .superRefine((name, ctx) => {
    const length = [...name].length
    const message =
      length === 0
        ? ORG_NAME_MESSAGES.empty
        : hasDisguisingCharacters(name)
          ? ORG_NAME_MESSAGES.control
          : length < ORG_NAME_MIN_LENGTH
            ? ORG_NAME_MESSAGES.tooShort
            : length > ORG_NAME_MAX_LENGTH
              ? ORG_NAME_MESSAGES.tooLong
              : undefined
    if (message) ctx.addIssue({ code: 'custom', message })
  })

export const createOrganizationSchema = z.object({
  name: organizationNameSchema,
  /** Omitted (or null): derived from the name. */
  slug: slugSchema.nullish(),
})

export interface OrganizationSummary {
  id: string
  name: string
  slug: string
}

/** Random suffixes tried after the plain slug before giving up. */
const SUFFIX_ATTEMPTS = 6
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

export function randomSlugSuffix(length = 4): string {
  let out = ''
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[crypto.randomInt(SUFFIX_ALPHABET.length)]
  return out
}

export async function createOrganization(
  input: { name: string; slug?: string | null; userId: string },
  meta?: RequestMeta,
): Promise<OrganizationSummary> {
  const { name, slug } = parseInput(createOrganizationSchema, { name: input.name, slug: input.slug })

  if (slug) {
    if (await isSlugTaken(slug)) throw fieldError('slug', SLUG_MESSAGES.taken)
    const created = await insert({ name, slug, userId: input.userId }, meta)
    if (!created) throw fieldError('slug', SLUG_MESSAGES.taken)
    return created
  }

  const base = slugBaseForName(name)
  const candidates = [base, ...Array.from({ length: SUFFIX_ATTEMPTS }, () => slugWithSuffix(base, randomSlugSuffix()))]
  for (const candidate of candidates) {
    if (slugProblem(candidate) || (await isSlugTaken(candidate))) continue
    const created = await insert({ name, slug: candidate, userId: input.userId }, meta)
    if (created) return created
  }
  throw fieldError('slug', 'Choose an address: no free one could be derived from this name')
}

/** Inserts the organization, its owner and the audit entry; undefined when the slug was taken meanwhile. */
async function insert(
  data: { name: string; slug: string; userId: string },
  meta: RequestMeta | undefined,
): Promise<OrganizationSummary | undefined> {
  // The new organization's own scope (row-level security): its id is chosen here, so that the
  // insert may name it before the owner's membership exists.
  const id = crypto.randomUUID()
  try {
    return await withDbScope({ orgId: id, userId: data.userId }, () =>
      db.$transaction(async (tx) => {
        const org = await tx.organization.create({
          data: { id, name: data.name, slug: data.slug, memberships: { create: { userId: data.userId, role: 'OWNER' } } },
          select: { id: true, name: true, slug: true },
        })
        await recordAudit(
          {
            action: 'org.created',
            actorType: 'USER',
            actorUserId: data.userId,
            orgId: org.id,
            targetType: 'organization',
            targetId: org.id,
            after: { name: org.name, slug: org.slug },
            ...auditRequest(meta),
          },
          tx,
        )
        return org
      }),
    )
  } catch (error) {
    if (isUniqueViolation(error)) return undefined
    throw error
  }
}
