// Route handlers of the admin console (/api/admin/…): a super-admin who passed TOTP in this
// session, or 404 for everyone else (the console does not exist for them). Writes then pass the
// read-only gate (lib/admin/authorize-admin-write.ts): 409 READ_ONLY unless a break-glass token
// of this admin comes with the request (cookie set by POST /api/admin/break-glass, or header).
import 'server-only'
import type { AdminActor } from '@/lib/admin/admin-actor'
import { authorizeAdminWrite } from '@/lib/admin/authorize-admin-write'
import { AppError } from '@/lib/errors/app-error'
import type { RequestContext } from '@/lib/http/request-context'
import { BREAK_GLASS_COOKIE } from './action'
import { jsonRoute } from './route'
import { cookieFromHeader, currentUser } from './session'

export const BREAK_GLASS_HEADER = 'x-break-glass-token'

/** The super-admin of a route request, or NOT_FOUND. */
export async function requireSuperAdminApi(request: Request, ctx: RequestContext): Promise<AdminActor> {
  const user = await currentUser(request)
  if (!user?.isSuperAdmin) throw new AppError('NOT_FOUND', 'Not found')
  if (!user.isMfaVerified) throw new AppError('FORBIDDEN', 'Verify with your authenticator app first (/mfa)')
  return { userId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId }
}

export function breakGlassTokenOf(request: Request): string | undefined {
  return request.headers.get(BREAK_GLASS_HEADER) ?? cookieFromHeader(request.headers.get('cookie'), BREAK_GLASS_COOKIE)
}

type Handler<P> = (request: Request, ctx: RequestContext, actor: AdminActor, params: P) => Promise<unknown>

/** A read (GET) of the console. */
export function adminReadRoute<P extends object = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }) => {
    const params = await context.params
    return jsonRoute(async (req, ctx) => handler(req, ctx, await requireSuperAdminApi(req, ctx), params))(request)
  }
}

/** A write of the console: `operation` names it in the break-glass audit entry. */
export function adminWriteRoute<P extends object = Record<string, never>>(operation: string, handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }) => {
    const params = await context.params
    return jsonRoute(async (req, ctx) => {
      const admin = await requireSuperAdminApi(req, ctx)
      const actor = await authorizeAdminWrite({ actor: admin, breakGlassToken: breakGlassTokenOf(req), operation })
      return handler(req, ctx, actor, params)
    })(request)
  }
}

/** A write that is the read-only switch itself (never refused by read-only mode). */
export function adminSwitchRoute(handler: Handler<Record<string, never>>) {
  return adminReadRoute(handler)
}
