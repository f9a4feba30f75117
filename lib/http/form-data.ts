import { z } from 'zod'

/** FormData → plain object (repeated keys become arrays) for zod. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue
    const existing = out[key]
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return out
}

/** A number typed in a form field: '' is missing (the schema's own message), anything else must read as a number. */
export function formNumber<S extends z.ZodType<number | undefined>>(schema: S) {
  return z.preprocess((v) => (typeof v !== 'string' ? v : v.trim() === '' ? undefined : Number(v)), schema)
}

/** A yes/no carried by a hidden field or a checkbox: 'true'/'on' and 'false'. */
export function formBoolean() {
  return z.preprocess((v) => (v === 'true' || v === 'on' ? true : v === 'false' ? false : v), z.boolean())
}
