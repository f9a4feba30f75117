/**
 * The console's tenants table: one page of tenants matching a search and filters, sorted, with
 * the organization, its first owner and its subscription. A fixed number of queries whatever the
 * page size (Prisma loads each relation for the whole page with one IN query), and a count.
 */
import { z } from 'zod'
import { findApp, getApps } from '../apps/catalog'
import type { Prisma } from '../db'
import { db } from '../db'
import { hasNul } from '../errors/input'

export const TENANT_STATES = [
  'PENDING',
  'PROVISIONING',
  'ACTIVE',
  'UPDATING',
  'SUSPENDED',
  'FAILED',
  'DEPROVISIONING',
  'DEPROVISIONED',
] as const
export const TENANT_SORTS = ['created', 'name', 'slug', 'state', 'plan'] as const
export const TRIAL_ENDING_DAYS = 7

export const listTenantsInput = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => (v ? v : undefined)),
  state: z.enum(TENANT_STATES).optional(),
  plan: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** An app of the catalog (lib/apps/catalog.ts); an id the catalog does not have is refused, not ignored. */
  app: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => (v ? v : undefined))
    .superRefine((id, ctx) => {
      if (id !== undefined && !findApp(id))
        ctx.addIssue({
          code: 'custom',
          message: `Unknown app "${id}" (known: ${getApps()
            .map((a) => a.id)
            .join(', ')})`,
        })
    }),
  /** Subscriptions in trial whose trial ends within TRIAL_ENDING_DAYS (or has ended). */
  trialEnding: z.boolean().default(false),
  pastDue: z.boolean().default(false),
  sort: z.enum(TENANT_SORTS).default('created'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
})
export type ListTenantsInput = z.input<typeof listTenantsInput>

export interface TenantRow {
  id: string
  slug: string
  namespace: string
  state: string
  appId: string
  appVersion: string | null
  planId: string
  createdAt: Date
  org: { id: string; name: string; slug: string }
  ownerEmail: string | null
  subscription: { status: string; trialEndsAt: Date | null; pastDueSince: Date | null } | null
}

export interface TenantPage {
  rows: TenantRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
}

/** Above this many matches a search filters relationally instead of by an id list. */
export const SEARCH_ID_LIST_LIMIT = 5_000

/**
 * The LIKE pattern for "contains `q`": the term's own `%`, `_` and `\` match themselves
 * (backslash is PostgreSQL's default LIKE escape character).
 */
export function containsPattern(q: string): string {
  return `%${escapeLike(q)}%`
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * The search statement ($1 = containsPattern(q), $2 = the row limit). Each branch is `column ILIKE
 * $1` on a bare column that has a trigram index (pg_trgm, gin_trgm_ops; migration
 * 20261122083812_admin_search_trigram), so the planner answers each with a Bitmap Index Scan (slug
 * and namespace ORed) and joins the few matches to their tenants by index. `lower(column) LIKE`
 * would not use these indexes (that needs an index on the expression). The pattern is a parameter
 * of an unnamed statement, which PostgreSQL plans with its value: the planner sees the trigrams.
 *
 * A term shorter than 3 characters has no trigram to look up: the indexes cannot narrow it and the
 * planner scans the four columns instead (still one statement, still correct; ~0.4 s at 100,000
 * tenants on PGlite). Exported for the EXPLAIN test (list-tenants-search-index.int.test.ts).
 */
export const SEARCH_TENANT_IDS_SQL = `SELECT t."id" FROM "Tenant" t WHERE t."slug" ILIKE $1 OR t."namespace" ILIKE $1
UNION SELECT t."id" FROM "Tenant" t JOIN "Organization" o ON o."id" = t."orgId" WHERE o."name" ILIKE $1
UNION SELECT t."id" FROM "Tenant" t
  JOIN "Membership" m ON m."orgId" = t."orgId" AND m."role" = 'OWNER'
  JOIN "User" u ON u."id" = m."userId"
  WHERE u."email" ILIKE $1
LIMIT $2`

/**
 * Ids of the tenants whose slug, namespace, organization name or owner email contains `q`
 * (case-insensitive), from the trigram indexes (SEARCH_TENANT_IDS_SQL) — not a subquery per
 * tenant, which is what the same OR written as Prisma relation filters becomes.
 * Null when more than `limit` match (a broad search: the caller filters relationally).
 */
export async function searchTenantIds(q: string, limit = SEARCH_ID_LIST_LIMIT): Promise<string[] | null> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(SEARCH_TENANT_IDS_SQL, containsPattern(q), limit + 1)
  return rows.length > limit ? null : rows.map((r) => r.id)
}

/** The WHERE clause for a search and filters (exported for the benchmark and tests). */
export function tenantWhere(
  input: z.output<typeof listTenantsInput>,
  now = new Date(),
  searchIds?: string[] | null,
): Prisma.TenantWhereInput {
  const and: Prisma.TenantWhereInput[] = []
  if (input.q && searchIds) and.push({ id: { in: searchIds } })
  else if (input.q) {
    // Prisma's `contains` does not escape LIKE wildcards (prisma/prisma#19506): escape them here, so
    // that a broad search means what the id search means. One `org` filter: one join, not two.
    const contains = { contains: escapeLike(input.q), mode: 'insensitive' as const }
    and.push({
      OR: [
        { slug: contains },
        { namespace: contains },
        { org: { OR: [{ name: contains }, { memberships: { some: { role: 'OWNER', user: { email: contains } } } }] } },
      ],
    })
  }
  if (input.state) and.push({ state: input.state })
  if (input.plan) and.push({ planId: input.plan })
  if (input.app) and.push({ appId: input.app })
  if (input.trialEnding)
    and.push({
      org: { subscription: { status: 'TRIALING', trialEndsAt: { lte: new Date(now.getTime() + TRIAL_ENDING_DAYS * 86_400_000) } } },
    })
  if (input.pastDue) and.push({ org: { subscription: { status: 'PAST_DUE' } } })
  return and.length ? { AND: and } : {}
}

function orderBy(sort: (typeof TENANT_SORTS)[number], dir: 'asc' | 'desc'): Prisma.TenantOrderByWithRelationInput[] {
  const primary: Prisma.TenantOrderByWithRelationInput =
    sort === 'name'
      ? { org: { name: dir } }
      : sort === 'slug'
        ? { slug: dir }
        : sort === 'state'
          ? { state: dir }
          : sort === 'plan'
            ? { planId: dir }
            : { createdAt: dir }
  return [primary, { id: dir }] // a stable order across pages
}

export async function listTenants(raw: ListTenantsInput, now = new Date()): Promise<TenantPage> {
  const input = listTenantsInput.parse(raw)
  // No stored text holds a NUL (PostgreSQL refuses it): a term with one matches nothing, answered
  // without the query, which would fail (docs/decisions.md, issue 14).
  if (input.q && hasNul(input.q)) return { rows: [], total: 0, page: input.page, pageSize: input.pageSize, pageCount: 1 }
  const where = tenantWhere(input, now, input.q ? await searchTenantIds(input.q) : null)
  const [total, tenants] = await Promise.all([
    db.tenant.count({ where }),
    db.tenant.findMany({
      where,
      orderBy: orderBy(input.sort, input.dir),
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true,
        slug: true,
        namespace: true,
        state: true,
        appId: true,
        appVersion: true,
        planId: true,
        createdAt: true,
        org: {
          select: {
            id: true,
            name: true,
            slug: true,
            subscription: { select: { status: true, trialEndsAt: true, pastDueSince: true } },
            memberships: {
              where: { role: 'OWNER' },
              orderBy: { createdAt: 'asc' },
              take: 1,
              select: { user: { select: { email: true } } },
            },
          },
        },
      },
    }),
  ])
  return {
    rows: tenants.map((t) => ({
      id: t.id,
      slug: t.slug,
      namespace: t.namespace,
      state: t.state,
      appId: t.appId,
      appVersion: t.appVersion,
      planId: t.planId,
      createdAt: t.createdAt,
      org: { id: t.org.id, name: t.org.name, slug: t.org.slug },
      ownerEmail: t.org.memberships[0]?.user.email ?? null,
      subscription: t.org.subscription,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
    pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
  }
}
