/**
 * The event catalog: every event Tenancy sends, named `domain/noun.verb`, with the zod schema of
 * its data. `jobs.send()` refuses events that are not here or whose data does not match.
 */
import { z } from 'zod'

const id = z.string().min(1)

export const EVENT_SCHEMAS = {
  'notifications/email.requested': z.object({
    template: z.string().min(1),
    to: z.email(),
    data: z.record(z.string(), z.unknown()),
    dedupeKey: z.string().min(1).max(200),
    userId: id.optional(),
    orgId: id.optional(),
  }),
  'tenant/provision.requested': z.object({ tenantId: id, requestedBy: z.string().optional() }),
  'tenant/plan-change.requested': z.object({ tenantId: id, toPlanId: z.string().min(1), requestedBy: z.string().optional() }),
  'tenant/domain-change.requested': z.object({ tenantId: id, requestedBy: z.string().optional() }),
  'tenant/suspend.requested': z.object({ tenantId: id, reason: z.string().max(200), requestedBy: z.string().optional() }),
  'tenant/resume.requested': z.object({ tenantId: id, requestedBy: z.string().optional() }),
  'tenant/deprovision.requested': z.object({ tenantId: id, requestedBy: z.string().optional() }),
  /** An organization whose deletion date has passed: its purge (workflows/orgs/purge-organization.ts). */
  'orgs/purge.requested': z.object({ orgId: id }),
  /** An owner asked for the organization's data export (workflows/orgs/build-data-export.ts). */
  'orgs/data-export.requested': z.object({ exportId: id }),
  /** orderingKey: the Stripe customer, so one customer's events are applied one at a time. */
  'billing/stripe-event.received': z.object({ stripeEventId: id, orderingKey: z.string().min(1).optional() }),
} as const

export type EventName = keyof typeof EVENT_SCHEMAS
export type EventData<N extends EventName> = z.infer<(typeof EVENT_SCHEMAS)[N]>

/** What callers send. `id` makes the send idempotent (the same id never starts a second run). */
export type EventInput<N extends EventName = EventName> = N extends EventName
  ? { name: N; data: EventData<N>; id?: string; ts?: number }
  : never

/** An event as functions receive it (id and ts always set). */
export interface JobEventPayload<Data = unknown> {
  id: string
  name: string
  data: Data
  ts: number
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_SCHEMAS, name)
}
