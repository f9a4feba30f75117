// notifications/email.requested → render into the outbox (once per dedupe key) → deliver.
// A failed delivery throws, so the run retries with backoff; the outbox row is never lost.
// Bad template data and permanent SMTP refusals (5xx) fail at once: retrying cannot help.
import { defineJob } from '@/lib/jobs/define'
import { NonRetriableError } from '@/lib/jobs/step'
import { enqueueEmail } from '@/lib/notifications/enqueue-email'
import { deliverEmail } from '@/lib/notifications/deliver-email'
import { TemplateDataError, isTemplateName } from '@/lib/notifications/templates'
import { EmailSendError, emailTransportFromEnv } from '@/lib/email/transport'
import { AppError } from '@/lib/errors/app-error'

export const sendEmail = defineJob(
  { id: 'notifications-send-email', trigger: { event: 'notifications/email.requested' }, idempotency: 'event.data.dedupeKey', retries: 6 },
  async ({ event, step }) => {
    const { template } = event.data
    if (!isTemplateName(template)) throw new NonRetriableError(`Unknown email template "${template}"`)
    const { id } = await step.run('render-to-outbox', async () => {
      try {
        return await enqueueEmail({ ...event.data, template, data: event.data.data })
      } catch (error) {
        if (error instanceof TemplateDataError || (error instanceof AppError && error.code === 'VALIDATION'))
          throw new NonRetriableError(error.message)
        throw error
      }
    })
    return step.run('deliver', async () => {
      try {
        const message = await deliverEmail(id, emailTransportFromEnv())
        return { outboxId: id, status: message.status }
      } catch (error) {
        if (error instanceof EmailSendError && error.isPermanent) throw new NonRetriableError(error.message)
        throw error
      }
    })
  },
)
