// The tenants table's URL (?q=&state=&plan=&app=&trial=1&pastDue=1&sort=&dir=&page=) → listTenants input.
// Unknown or malformed values are dropped (a shared link never breaks the page), but for a well-formed
// app id: whether the catalog has it is listTenants' check, and the page shows its refusal.
import { z } from 'zod'
import { TENANT_SORTS, TENANT_STATES, type ListTenantsInput } from '@/lib/admin/list-tenants'

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v)
const schema = z.object({
  q: z.preprocess(one, z.string().max(200).optional()).catch(undefined),
  state: z.preprocess(one, z.enum(TENANT_STATES).optional()).catch(undefined),
  plan: z
    .preprocess(
      one,
      z
        .string()
        .regex(/^[a-z0-9-]{1,64}$/)
        .optional(),
    )
    .catch(undefined),
  app: z
    .preprocess(
      one,
      z
        .string()
        .regex(/^[a-z0-9-]{1,64}$/)
        .optional(),
    )
    .catch(undefined),
  trial: z.preprocess(one, z.literal('1').optional()).catch(undefined),
  pastDue: z.preprocess(one, z.literal('1').optional()).catch(undefined),
  sort: z.preprocess(one, z.enum(TENANT_SORTS).optional()).catch(undefined),
  dir: z.preprocess(one, z.enum(['asc', 'desc']).optional()).catch(undefined),
  page: z.preprocess(one, z.coerce.number().int().min(1).max(100_000).optional()).catch(undefined),
})

export type TenantQuery = z.infer<typeof schema>

export function parseTenantQuery(params: Record<string, string | string[] | undefined>): TenantQuery {
  return schema.parse(params)
}

export function toListInput(query: TenantQuery): ListTenantsInput {
  return {
    q: query.q,
    state: query.state,
    plan: query.plan,
    app: query.app,
    trialEnding: query.trial === '1',
    pastDue: query.pastDue === '1',
    sort: query.sort,
    dir: query.dir,
    page: query.page,
    pageSize: 50,
  }
}
