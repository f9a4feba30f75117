/**
 * Renaming an organization and changing its address (slug). Owners and admins may do both.
 *
 * The slug cannot change once the organization has a tenant: the instance is served at
 * `<slug>.<BASE_DOMAIN>` from namespace `tenant-<slug>`, and the tenant row keeps that slug. The
 * organization row is locked (FOR UPDATE) while the change is decided, so provisioning, which is
 * to read the slug under a lock on the same row, sees either the old or the new slug, never a mix.
 */
import { z } from 'zod'
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { ORG_NOT_FOUND_MESSAGE, requireOrgRole } from './authorize'
import { isSlugTaken } from './check-slug'
import { rolesWith } from './roles'
import { organizationNameSchema, type OrganizationSummary } from './create-organization'
import { auditRequest, fieldError, isUniqueViolation, parseInput, type RequestMeta } from '../errors/input'
import { SLUG_MESSAGES, slugSchema } from './slug'

export async function renameOrganization(
  input: { orgId: string; userId: string; name: string },
  meta?: RequestMeta,
): Promise<OrganizationSummary> {
  const { name } = parseInput(z.object({ name: organizationNameSchema }), { name: input.name })
  const { org } = await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  if (org.name === name) return { id: org.id, name: org.name, slug: org.slug }

  return db.$transaction(async (tx) => {
    const updated = await tx.organization.update({ where: { id: org.id }, data: { name }, select: { id: true, name: true, slug: true } })
    await recordAudit(
      {
        action: 'org.renamed',
        actorType: 'USER',
        actorUserId: input.userId,
        orgId: org.id,
        targetType: 'organization',
        targetId: org.id,
        before: { name: org.name },
        after: { name: updated.name },
        ...auditRequest(meta),
      },
      tx,
    )
    return updated
  })
}

export function slugLockedMessage(slug: string): string {
  return `The address cannot change once the instance exists: it is served at ${slug}.${getEnv().BASE_DOMAIN}`
}

export async function changeOrganizationSlug(
  input: { orgId: string; userId: string; slug: string },
  meta?: RequestMeta,
): Promise<OrganizationSummary> {
  const { slug } = parseInput(z.object({ slug: slugSchema }), { slug: input.slug })
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })

  try {
    return await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Organization" WHERE "id" = ${input.orgId} FOR UPDATE`
      if (!locked) throw new AppError('NOT_FOUND', ORG_NOT_FOUND_MESSAGE)
      // Again under the lock: the role may have changed since the first check.
      const { org } = await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') }, tx)
      if (org.slug === slug) return { id: org.id, name: org.name, slug: org.slug }
      if ((await tx.tenant.count({ where: { orgId: org.id } })) > 0) throw fieldError('slug', slugLockedMessage(org.slug))
      if (await isSlugTaken(slug, { exceptOrgId: org.id }, tx)) throw fieldError('slug', SLUG_MESSAGES.taken)

      const updated = await tx.organization.update({ where: { id: org.id }, data: { slug }, select: { id: true, name: true, slug: true } })
      await recordAudit(
        {
          action: 'org.slug_changed',
          actorType: 'USER',
          actorUserId: input.userId,
          orgId: org.id,
          targetType: 'organization',
          targetId: org.id,
          before: { slug: org.slug },
          after: { slug: updated.slug },
          ...auditRequest(meta),
        },
        tx,
      )
      return updated
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError('slug', SLUG_MESSAGES.taken)
    throw error
  }
}
