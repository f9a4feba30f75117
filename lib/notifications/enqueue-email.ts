/**
 * Puts one email in the outbox: validate, render, insert as PENDING. The dedupe key makes it
 * idempotent: a second call with the same key (a retried job step, a webhook delivered twice)
 * inserts nothing and returns the row that is already there. Delivery is deliverEmail's job.
 *
 * Dedupe keys name the event the email is about, e.g. `verify-email:<tokenId>`,
 * `invoice-issued:<invoiceId>`, `storage-warning:<tenantId>:<volume>:critical:<crossingId>`.
 */
import { z } from 'zod'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { PRODUCT_NAME, renderTemplate, TEMPLATE_NAMES, type TemplateInput, type TemplateName } from './templates'

export interface EnqueueEmailOptions<N extends TemplateName = TemplateName> {
  template: N
  to: string
  data: TemplateInput<N>
  dedupeKey: string
  userId?: string | null
  orgId?: string | null
}

const optionsSchema = z.object({
  template: z.enum(TEMPLATE_NAMES as readonly [TemplateName, ...TemplateName[]]),
  to: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email({ message: 'must be an email address' })),
  dedupeKey: z.string().trim().min(1).max(300),
  userId: z.string().min(1).nullish(),
  orgId: z.string().min(1).nullish(),
})

export async function enqueueEmail<N extends TemplateName>(options: EnqueueEmailOptions<N>): Promise<{ id: string; isNew: boolean }> {
  const parsed = optionsSchema.safeParse(options)
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error)
    const summary = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${(messages ?? []).join(', ')}`)
      .join('; ')
    throw new AppError('VALIDATION', `Cannot enqueue email: ${summary}`, { fieldErrors: fieldErrors as Record<string, string[]> })
  }
  const { template, to, dedupeKey, userId, orgId } = parsed.data
  const rendered = renderTemplate(template as N, options.data, { appUrl: getEnv().appUrl, productName: PRODUCT_NAME })

  // ON CONFLICT DO NOTHING: safe against a concurrent insert of the same key, no error to catch.
  const [created] = await db.notificationOutbox.createManyAndReturn({
    data: [
      {
        dedupeKey,
        template,
        toEmail: to,
        userId: userId ?? null,
        orgId: orgId ?? null,
        subject: rendered.subject,
        bodyText: rendered.text,
        bodyHtml: rendered.html,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  })
  if (created) return { id: created.id, isNew: true }

  const existing = await db.notificationOutbox.findUnique({ where: { dedupeKey }, select: { id: true } })
  if (!existing) throw new Error(`Outbox insert for dedupe key "${dedupeKey}" was skipped but no row holds that key`)
  return { id: existing.id, isNew: false }
}
