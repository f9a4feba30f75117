/**
 * A super-admin switches read-only mode on or off (with a reason, audited). The switch itself is
 * always allowed: it is how the console leaves read-only mode. Read-only mode set by
 * configuration cannot be switched off here.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { READ_ONLY_SETTING, readOnlyState, type ReadOnlyState } from './read-only-state'
import { reasonField } from './reason'

export const setReadOnlyInput = z.object({ enabled: z.boolean(), reason: reasonField })

export async function setReadOnly(input: z.output<typeof setReadOnlyInput>, { actor, now }: AdminContext): Promise<ReadOnlyState> {
  const before = await readOnlyState()
  if (before.source === 'config')
    throw new AppError('CONFLICT', 'Read-only mode is set by ADMIN_READ_ONLY in the configuration; change it there')
  const value = { enabled: input.enabled, reason: input.reason, changedAt: now.toISOString() }
  await db.systemSetting.upsert({
    where: { key: READ_ONLY_SETTING },
    create: { key: READ_ONLY_SETTING, value, updatedById: actor.userId },
    update: { value, updatedById: actor.userId },
  })
  await recordAudit({
    ...auditActor(actor),
    action: input.enabled ? 'admin.read_only.enabled' : 'admin.read_only.disabled',
    targetType: 'SystemSetting',
    targetId: READ_ONLY_SETTING,
    reason: input.reason,
    before: { isReadOnly: before.isReadOnly },
    after: { isReadOnly: input.enabled },
  })
  return readOnlyState()
}
