/**
 * The gate every admin write passes (app/_server/admin-route.ts calls it before the use case):
 * when the console is read-only, a write needs a valid, unexpired break-glass token issued to this
 * super-admin; each such use is audited. Otherwise READ_ONLY (409) with the reason.
 */
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditActor, type AdminActor } from './admin-actor'
import { breakGlassKey, breakGlassValue } from './break-glass-token'
import { readOnlyState } from './read-only-state'

export async function authorizeAdminWrite(
  input: { actor: AdminActor; breakGlassToken?: string | null; operation: string },
  now = new Date(),
): Promise<AdminActor> {
  const state = await readOnlyState()
  if (!state.isReadOnly) return input.actor
  const refuse = (why: string) =>
    new AppError('READ_ONLY', `The admin console is read-only${state.reason ? ` (${state.reason})` : ''}: ${why}`)
  if (!input.breakGlassToken) throw refuse('use break-glass to make this change')
  const key = breakGlassKey(input.breakGlassToken)
  const row = await db.systemSetting.findUnique({ where: { key } })
  const parsed = breakGlassValue.safeParse(row?.value)
  if (!parsed.success || parsed.data.userId !== input.actor.userId) throw refuse('the break-glass token is not valid for you')
  if (new Date(parsed.data.expiresAt) <= now) throw refuse('the break-glass token has expired')
  await db.systemSetting.update({ where: { key }, data: { value: { ...parsed.data, uses: parsed.data.uses + 1 } } })
  await recordAudit({
    ...auditActor(input.actor),
    action: 'admin.break_glass.used',
    targetType: 'BreakGlass',
    targetId: key.slice(-12),
    reason: parsed.data.reason,
    after: { operation: input.operation, use: parsed.data.uses + 1, expiresAt: parsed.data.expiresAt },
  })
  return { ...input.actor, breakGlassId: key.slice(-12) }
}
