// The Inngest function as Inngest would run it (InngestTestEngine, no server), steps mocked:
// shows its steps and their order, and that the event data reaches them.
import { InngestTestEngine } from '@inngest/test'
import { Inngest } from 'inngest'
import { describe, expect, it } from 'vitest'
import { toInngestFunction } from '../../inngest/adapter'
import { sendEmail } from './send-email'

const client = new Inngest({ id: 'tenancy-test', isDev: true })
const fn = toInngestFunction(client, sendEmail)
const event = {
  name: 'notifications/email.requested',
  id: 'evt-1',
  data: { template: 'welcome', to: 'ann@example.test', data: { name: 'Ann', url: 'http://x' }, dedupeKey: 'welcome:ann' },
}

describe('notifications-send-email (Inngest)', () => {
  it('renders into the outbox, then delivers, in that order', async () => {
    const engine = new InngestTestEngine({
      function: fn,
      events: [event],
      steps: [
        { id: 'render-to-outbox', handler: () => ({ id: 'outbox-1', isNew: true }) },
        { id: 'deliver', handler: () => ({ outboxId: 'outbox-1', status: 'SENT' }) },
      ],
    })
    const { result, ctx } = await engine.execute()
    expect(result).toEqual({ outboxId: 'outbox-1', status: 'SENT' })
    const stepIds = (ctx.step.run as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((call) => call[0])
    expect(stepIds).toEqual(['render-to-outbox', 'deliver'])
  })

  it('carries the job options over to Inngest', () => {
    const config = (fn as unknown as { opts: Record<string, unknown> }).opts
    expect(config).toMatchObject({
      id: 'notifications-send-email',
      idempotency: 'event.data.dedupeKey',
      retries: 6,
      triggers: [{ event: 'notifications/email.requested' }],
    })
  })
})
