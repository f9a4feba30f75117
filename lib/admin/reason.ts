import { z } from 'zod'
import { textField } from '../errors/input'

/** Every admin write names its reason: kept in the audit log, one line (no NUL, no control characters). */
export const reasonField = textField('Give a reason', 400, 'Keep the reason under 200 characters')
  .transform((reason) => reason.trim())
  .pipe(z.string().min(3, 'Give a reason (at least 3 characters)').max(200, 'Keep the reason under 200 characters'))
