/**
 * Break-glass: a super-admin who must write while the console is read-only gets a token for a
 * limited time (at most BREAK_GLASS_MAX_MINUTES), bound to their account, with a reason. Issuing
 * is audited; so is every write made with it (authorize-admin-write.ts).
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { breakGlassKey, newBreakGlassToken, type BreakGlassValue } from './break-glass-token'
import { readOnlyState } from './read-only-state'
import { reasonField } from './reason'

export const issueBreakGlassInput = z.object({
  reason: reasonField,
  minutes: z.number({ message: 'Give a number of minutes' }).int('Whole minutes').min(1, 'At least 1 minute').default(15),
})

export async function issueBreakGlass(
  input: z.output<typeof issueBreakGlassInput>,
  { actor }: AdminContext,
  // A security window, so the wall clock (authorize-admin-write.ts checks it the same way), not the billing clock.
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const max = getEnv().BREAK_GLASS_MAX_MINUTES
  if (input.minutes > max)
    throw new AppError('VALIDATION', `At most ${max} minutes`, { fieldErrors: { minutes: [`At most ${max} minutes`] } })
  if (!(await readOnlyState()).isReadOnly) throw new AppError('CONFLICT', 'The console is not read-only: no break-glass needed')
  const token = newBreakGlassToken()
  const expiresAt = new Date(now.getTime() + input.minutes * 60_000)
  const value: BreakGlassValue = {
    userId: actor.userId,
    reason: input.reason,
    issuedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    uses: 0,
  }
  const key = breakGlassKey(token)
  await db.systemSetting.create({ data: { key, value, updatedById: actor.userId } })
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.break_glass.issued',
    targetType: 'BreakGlass',
    targetId: key.slice(-12),
    reason: input.reason,
    after: { expiresAt: value.expiresAt },
  })
  return { token, expiresAt }
}
