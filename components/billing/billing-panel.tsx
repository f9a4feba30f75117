'use client'

// The billing page's panel. Each button is its own small form on a server action, so it works
// without JavaScript (a plain post; checkout and the portal answer with a redirect to Stripe) and
// with it (pending, the refusal beside the form).
import { ActionField, ActionForm, SubmitButton, useFormField } from '@/components/ui/action-form'
import { activateSubscriptionAction } from '@/app/_actions/billing/activate-subscription'
import { changeSubscriptionPlanAction } from '@/app/_actions/billing/change-subscription-plan'
import { createCheckoutSessionAction } from '@/app/_actions/billing/create-checkout-session'
import { createPortalSessionAction } from '@/app/_actions/billing/create-portal-session'
import { pauseSubscriptionAction } from '@/app/_actions/billing/pause-subscription'
import { setCancelAtPeriodEndAction } from '@/app/_actions/billing/set-cancel-at-period-end'
import type { BillingOverview } from '@/lib/billing/get-billing-overview'
import type { MemberRole } from '@/lib/db'
import { can } from '@/lib/orgs/roles'
import { isoDay } from '@/lib/format'
import { DescriptionList } from '@/components/ui/description-list'
import { Section } from '@/components/ui/section'
import { StatusBadge } from '@/components/ui/status-badge'

const date = (iso: string | null) => (iso ? isoDay(iso) : '—')

const STATUS_LABELS: Record<string, string> = {
  TRIALING: 'Trial',
  ACTIVE: 'Active',
  PAST_DUE: 'Payment overdue',
  PAUSED: 'Paused',
  CANCELED: 'Canceled',
  EXPIRED: 'Expired',
  INCOMPLETE: 'Waiting for payment',
}

/** The plan to move to, kept after a refusal, with the refusal (usage over the new plan) beside it. */
function PlanSelect({ choices }: { choices: BillingOverview['planChoices'] }) {
  const { value, error } = useFormField('planId', choices[0]?.id ?? '')
  return (
    <div>
      <label className="sr-only" htmlFor="plan-choice">
        New plan
      </label>
      <select
        key={value}
        id="plan-choice"
        name="planId"
        defaultValue={value}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? 'plan-choice-error' : undefined}
        className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
      >
        {choices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.price}) — {p.isUpgrade ? 'upgrade' : 'downgrade'}
          </option>
        ))}
      </select>
      {error && (
        <p id="plan-choice-error" role="alert" className="mt-1 text-sm text-red-600">
          {error.join(' ')}
        </p>
      )}
    </div>
  )
}

export function BillingPanel({ orgSlug, billing, role }: { orgSlug: string; billing: BillingOverview; role: MemberRole }) {
  const canManage = can(role, 'manage')
  const isOwner = can(role, 'own')
  const isStripe = billing.billingMode === 'stripe'
  const org = <input type="hidden" name="org" value={orgSlug} />

  return (
    <div className="space-y-6">
      <section aria-label="Subscription" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <DescriptionList
          layout="grid"
          columns={2}
          items={[
            {
              label: 'Plan',
              testId: 'billing-plan',
              value: (
                <span className="font-semibold">
                  {billing.plan.name} <span className="font-normal text-slate-500">{billing.plan.price}</span>
                </span>
              ),
            },
            {
              label: 'Status',
              testId: 'billing-status',
              value: (
                <StatusBadge kind="subscription" status={billing.status}>
                  {STATUS_LABELS[billing.status] ?? billing.status}
                </StatusBadge>
              ),
            },
            ...(billing.trialEndsAt && billing.status === 'TRIALING' ? [{ label: 'Trial ends', value: date(billing.trialEndsAt) }] : []),
            ...(billing.currentPeriodEnd
              ? [{ label: billing.cancelAtPeriodEnd ? 'Ends' : 'Renews', key: 'period-end', value: date(billing.currentPeriodEnd) }]
              : []),
            ...(billing.pendingPlan
              ? [
                  {
                    label: 'Scheduled change',
                    testId: 'pending-plan',
                    value: `${billing.pendingPlan.name} from ${date(billing.currentPeriodEnd ?? billing.trialEndsAt)}`,
                  },
                ]
              : []),
            ...(billing.pausedAt ? [{ label: 'Paused', value: `since ${date(billing.pausedAt)} (${billing.pauseReason})` }] : []),
          ]}
        />
        {canManage && (
          <div className="mt-6 flex flex-wrap items-start gap-3">
            {billing.needsCheckout && (
              <ActionForm action={createCheckoutSessionAction} aria-label="Complete checkout">
                {org}
                <SubmitButton pendingLabel="Opening checkout…">Complete checkout</SubmitButton>
              </ActionForm>
            )}
            {/* Mounted for owners without Stripe, so "Subscribed." stays after the page refreshes. */}
            {!isStripe && isOwner && (
              <ActionForm action={activateSubscriptionAction} success="Subscribed. Invoices arrive monthly.">
                {org}
                {billing.canActivate && <SubmitButton pendingLabel="Subscribing…">Subscribe to {billing.plan.name}</SubmitButton>}
              </ActionForm>
            )}
            {isStripe && billing.hasStripeCustomer && !billing.needsCheckout && (
              <ActionForm action={createPortalSessionAction} aria-label="Manage payment method">
                {org}
                <SubmitButton variant="secondary" pendingLabel="Opening…">
                  Manage payment method
                </SubmitButton>
              </ActionForm>
            )}
          </div>
        )}
      </section>

      {canManage && billing.planChoices.length > 0 && !billing.needsCheckout && (
        <Section
          title="Change plan"
          padding={6}
          description={
            'An upgrade applies now (the price difference is prorated); a downgrade applies at the end of the period and is refused ' +
            'while your usage exceeds the new plan.'
          }
        >
          <ActionForm
            action={changeSubscriptionPlanAction}
            success={(change) =>
              change.effective === 'now'
                ? 'Plan changed. Your instance is being updated.'
                : 'The change is scheduled for the end of the period.'
            }
          >
            {org}
            <div className="flex items-start gap-3">
              <PlanSelect choices={billing.planChoices} />
              <SubmitButton pendingLabel="Changing…">Change plan</SubmitButton>
            </div>
          </ActionForm>
        </Section>
      )}

      {isOwner && billing.canCancel && (
        <Section title="Cancel or pause" padding={6}>
          <div className="flex flex-wrap items-end gap-3">
            <ActionForm action={setCancelAtPeriodEndAction}>
              {org}
              <input type="hidden" name="cancelAtPeriodEnd" value={String(!billing.cancelAtPeriodEnd)} />
              <SubmitButton variant="secondary">
                {billing.cancelAtPeriodEnd ? 'Keep my subscription' : 'Cancel at the end of the period'}
              </SubmitButton>
            </ActionForm>
            {billing.pauseChange && (
              <ActionForm action={pauseSubscriptionAction} className="flex flex-wrap items-end gap-3">
                {org}
                <input type="hidden" name="isPaused" value={String(billing.pauseChange === 'pause')} />
                <ActionField label="Reason code" name="reason" maxLength={64} placeholder="seasonal_break" required />
                <SubmitButton variant="secondary">{billing.pauseChange === 'resume' ? 'Resume' : 'Pause'}</SubmitButton>
              </ActionForm>
            )}
          </div>
        </Section>
      )}
    </div>
  )
}
