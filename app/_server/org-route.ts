// Route handlers under /api/orgs/<slug>/…: a signed-in member of that organization, or 404 (the
// same answer for "no such organization" and "not yours"). Role checks happen in the domain.
// The handler runs in the organization's database scope (row-level security, lib/db/scope.ts).
// The route's other dynamic segments (e.g. [userId]) reach the handler as `params`.
import 'server-only'
import { withDbScope } from '@/lib/db'
import { AppError } from '@/lib/errors/app-error'
import { requireMembership } from '@/lib/orgs/authorize'
import type { RequestContext } from '@/lib/http/request-context'
import { jsonRoute } from './route'
import { currentUser, type CurrentUser } from './session'

type OrgAccess = Awaited<ReturnType<typeof requireMembership>>

export function orgRoute<P extends { org: string } = { org: string }>(
  handler: (request: Request, ctx: RequestContext, access: OrgAccess & { user: CurrentUser }, params: P) => Promise<unknown>,
) {
  return async (request: Request, { params }: { params: Promise<P> }) => {
    const resolved = await params
    return jsonRoute(async (req, ctx) => {
      const user = await currentUser(req)
      if (!user) throw new AppError('NOT_FOUND', 'Organization not found')
      const access = await withDbScope({ userId: user.id }, () => requireMembership({ orgSlug: resolved.org, userId: user.id }))
      return withDbScope({ orgId: access.org.id, userId: user.id }, () => handler(req, ctx, { ...access, user }, resolved))
    })(request)
  }
}
