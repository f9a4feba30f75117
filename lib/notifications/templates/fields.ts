/** Field schemas the templates share: short text, http(s) URLs, dates from a job event's JSON, money, roles. */
import { z } from 'zod'
import { isKnownCurrency } from '../../format'

export const text = (max = 200) => z.string().trim().min(1).max(max)
export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048)
/** A Date, or an ISO timestamp (what a date becomes in a job event's JSON). */
export const date = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v))
export const cents = z.number().int()
export const currency = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{3}$/, 'must be a three-letter ISO currency code')
  .transform((v) => v.toUpperCase())
  .refine(isKnownCurrency, 'is not a known currency')
export const role = z.enum(['OWNER', 'ADMIN', 'MEMBER'])
