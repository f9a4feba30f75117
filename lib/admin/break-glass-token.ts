/** Break-glass tokens: random, stored only as a SHA-256 hash in SystemSetting `break_glass:<hash>`. */
import crypto from 'node:crypto'
import { z } from 'zod'

export const BREAK_GLASS_PREFIX = 'break_glass:'

export const breakGlassValue = z.object({
  userId: z.string(),
  reason: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  uses: z.number().int().default(0),
})
export type BreakGlassValue = z.infer<typeof breakGlassValue>

export function newBreakGlassToken(): string {
  return `bg_${crypto.randomBytes(24).toString('base64url')}`
}

export function breakGlassKey(token: string): string {
  return BREAK_GLASS_PREFIX + crypto.createHash('sha256').update(token).digest('hex')
}
