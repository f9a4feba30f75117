import { z } from 'zod'

/** Every admin write names its reason: kept in the audit log. */
export const reasonField = z
  .string({ message: 'Give a reason' })
  .trim()
  .min(3, 'Give a reason (at least 3 characters)')
  .max(200, 'Keep the reason under 200 characters')
