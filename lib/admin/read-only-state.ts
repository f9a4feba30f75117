/**
 * Whether the admin console is read-only: by configuration (ADMIN_READ_ONLY, cannot be switched
 * off from the console) or by a super-admin's switch stored in SystemSetting `admin.read_only`.
 */
import { z } from 'zod'
import { db } from '../db'
import { getEnv } from '../env'

export const READ_ONLY_SETTING = 'admin.read_only'

const settingValue = z.object({
  enabled: z.boolean(),
  reason: z.string().nullable().default(null),
  changedAt: z.string().nullable().default(null),
})

export interface ReadOnlyState {
  isReadOnly: boolean
  source: 'config' | 'setting' | null
  reason: string | null
  changedAt: string | null
  changedBy: string | null
}

export async function readOnlyState(): Promise<ReadOnlyState> {
  if (getEnv().ADMIN_READ_ONLY)
    return { isReadOnly: true, source: 'config', reason: 'ADMIN_READ_ONLY is set in the configuration', changedAt: null, changedBy: null }
  const row = await db.systemSetting.findUnique({ where: { key: READ_ONLY_SETTING } })
  const parsed = settingValue.safeParse(row?.value)
  if (!row || !parsed.success || !parsed.data.enabled)
    return {
      isReadOnly: false,
      source: null,
      reason: null,
      changedAt: parsed.success ? parsed.data.changedAt : null,
      changedBy: row?.updatedById ?? null,
    }
  return { isReadOnly: true, source: 'setting', reason: parsed.data.reason, changedAt: parsed.data.changedAt, changedBy: row.updatedById }
}
