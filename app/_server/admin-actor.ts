// Who may use the admin console, for its actions (app/_server/action.ts) and its routes
// (app/_server/admin-route.ts) alike: a super-admin who passed TOTP in this session. Anyone else
// gets 404 (the console does not exist for them); a super-admin without TOTP is sent to /mfa.
import 'server-only'
import type { AdminActor } from '@/lib/admin/admin-actor'
import { AppError } from '@/lib/errors/app-error'
import type { RequestContext } from '@/lib/http/request-context'
import type { CurrentUser } from './session'

/** The break-glass token's httpOnly cookie, scoped to the console's pages (where its actions post). */
export const BREAK_GLASS_COOKIE = 'tenancy.break-glass'
export const BREAK_GLASS_COOKIE_PATH = '/admin'

export function adminActorOf(user: CurrentUser | null, request: RequestContext): AdminActor {
  if (!user?.isSuperAdmin) throw new AppError('NOT_FOUND', 'Not found')
  if (!user.isMfaVerified) throw new AppError('FORBIDDEN', 'Verify with your authenticator app first (/mfa)')
  return { userId: user.id, ip: request.ip, userAgent: request.userAgent, requestId: request.requestId }
}
