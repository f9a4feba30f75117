// Route handlers of the admin console (/api/admin/…): its downloads (the audit and invoice CSV
// exports). They only read, so read-only mode lets them through; the console's writes are server
// actions (adminAction in ./action.ts). Anyone but a super-admin who passed TOTP gets 404.
import 'server-only'
import type { AdminActor } from '@/lib/admin/admin-actor'
import { asSystem } from '@/lib/db'
import type { RequestContext } from '@/lib/http/request-context'
import { adminActorOf } from './admin-actor'
import { jsonRoute } from './route'
import { currentUser } from './session'

type Handler<P> = (request: Request, ctx: RequestContext, actor: AdminActor, params: P) => Promise<unknown>

/** A read (GET) of the console. */
export function adminReadRoute<P extends object = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }) => {
    const params = await context.params
    return jsonRoute(async (req, ctx) => {
      const actor = adminActorOf(await currentUser(req), ctx)
      return asSystem('console', () => handler(req, ctx, actor, params))
    })(request)
  }
}
