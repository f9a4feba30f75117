'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { postJson } from '@/components/auth/post-json'
import type { BillingOverview } from '@/lib/billing/get-billing-overview'

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '—')

const STATUS_LABELS: Record<string, string> = {
  TRIALING: 'Trial',
  ACTIVE: 'Active',
  PAST_DUE: 'Payment overdue',
  PAUSED: 'Paused',
  CANCELED: 'Canceled',
  EXPIRED: 'Expired',
  INCOMPLETE: 'Waiting for payment',
}

export function BillingPanel({
  orgSlug,
  billing,
  role,
}: {
  orgSlug: string
  billing: BillingOverview
  role: 'OWNER' | 'ADMIN' | 'MEMBER'
}) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [planId, setPlanId] = useState(billing.planChoices[0]?.id ?? '')
  const [reason, setReason] = useState('')
  const canManage = role !== 'MEMBER'
  const isOwner = role === 'OWNER'
  const isStripe = billing.billingMode === 'stripe'

  async function call<T extends object>(path: string, body: unknown, after?: (data: T) => void) {
    setPending(true)
    setError(null)
    setNotice(null)
    const result = await postJson<T>(`/api/orgs/${orgSlug}/billing/${path}`, body)
    setPending(false)
    if (!result.ok) return setError(result.fieldErrors ? Object.values(result.fieldErrors).flat().join(' ') : result.message)
    if ('url' in result.data && typeof result.data.url === 'string') return window.location.assign(result.data.url)
    if ('checkoutUrl' in result.data && typeof result.data.checkoutUrl === 'string') return window.location.assign(result.data.checkoutUrl)
    after?.(result.data)
    router.refresh()
  }

  return (
    <div className="space-y-6">
      {error && <Alert tone="error">{error}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      <section aria-label="Subscription" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <dl className="grid grid-cols-2 gap-4 text-sm">
          <div>
            <dt className="text-slate-500">Plan</dt>
            <dd data-testid="billing-plan" className="font-semibold">
              {billing.plan.name} <span className="font-normal text-slate-500">{billing.plan.price}</span>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Status</dt>
            <dd data-testid="billing-status">{STATUS_LABELS[billing.status] ?? billing.status}</dd>
          </div>
          {billing.trialEndsAt && billing.status === 'TRIALING' && (
            <div>
              <dt className="text-slate-500">Trial ends</dt>
              <dd>{date(billing.trialEndsAt)}</dd>
            </div>
          )}
          {billing.currentPeriodEnd && (
            <div>
              <dt className="text-slate-500">{billing.cancelAtPeriodEnd ? 'Ends' : 'Renews'}</dt>
              <dd>{date(billing.currentPeriodEnd)}</dd>
            </div>
          )}
          {billing.pendingPlan && (
            <div>
              <dt className="text-slate-500">Scheduled change</dt>
              <dd data-testid="pending-plan">
                {billing.pendingPlan.name} from {date(billing.currentPeriodEnd ?? billing.trialEndsAt)}
              </dd>
            </div>
          )}
          {billing.pausedAt && (
            <div>
              <dt className="text-slate-500">Paused</dt>
              <dd>
                since {date(billing.pausedAt)} ({billing.pauseReason})
              </dd>
            </div>
          )}
        </dl>
        {canManage && (
          <div className="mt-6 flex flex-wrap gap-3">
            {billing.needsCheckout && (
              <Button disabled={pending} onClick={() => call('checkout', {})}>
                Complete checkout
              </Button>
            )}
            {!isStripe && isOwner && billing.canActivate && (
              <Button disabled={pending} onClick={() => call('activate', {}, () => setNotice('Subscribed. Invoices arrive monthly.'))}>
                Subscribe to {billing.plan.name}
              </Button>
            )}
            {isStripe && billing.hasStripeCustomer && !billing.needsCheckout && (
              <Button variant="secondary" disabled={pending} onClick={() => call('portal', {})}>
                Manage payment method
              </Button>
            )}
          </div>
        )}
      </section>

      {canManage && billing.planChoices.length > 0 && !billing.needsCheckout && (
        <section aria-label="Change plan" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 className="mb-3 font-semibold">Change plan</h2>
          <p className="mb-3 text-sm text-slate-600">
            An upgrade applies now (the price difference is prorated); a downgrade applies at the end of the period and is refused while
            your usage exceeds the new plan.
          </p>
          <div className="flex gap-3">
            <label className="sr-only" htmlFor="plan-choice">
              New plan
            </label>
            <select
              id="plan-choice"
              value={planId}
              onChange={(e) => setPlanId(e.target.value)}
              className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
            >
              {billing.planChoices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.price}) — {p.isUpgrade ? 'upgrade' : 'downgrade'}
                </option>
              ))}
            </select>
            <Button
              disabled={pending || !planId}
              onClick={() =>
                call<{ effective: string; planId: string }>('plan', { planId }, (d) =>
                  setNotice(
                    d.effective === 'now'
                      ? 'Plan changed. Your instance is being updated.'
                      : 'The change is scheduled for the end of the period.',
                  ),
                )
              }
            >
              Change plan
            </Button>
          </div>
        </section>
      )}

      {isOwner && ['ACTIVE', 'TRIALING', 'PAUSED', 'PAST_DUE'].includes(billing.status) && (
        <section aria-label="Cancel or pause" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 className="mb-3 font-semibold">Cancel or pause</h2>
          <div className="flex flex-wrap items-end gap-3">
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => call('cancel', { cancelAtPeriodEnd: !billing.cancelAtPeriodEnd })}
            >
              {billing.cancelAtPeriodEnd ? 'Keep my subscription' : 'Cancel at the end of the period'}
            </Button>
            {(billing.status === 'ACTIVE' || billing.status === 'PAUSED') && (
              <>
                <label className="text-sm">
                  <span className="block text-slate-500">Reason code</span>
                  <input
                    value={reason}
                    maxLength={64}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder="seasonal_break"
                    className="rounded-md px-3 py-2 ring-1 ring-slate-300"
                  />
                </label>
                <Button
                  variant="secondary"
                  disabled={pending || !reason}
                  onClick={() => call('pause', { isPaused: billing.status !== 'PAUSED', reason })}
                >
                  {billing.status === 'PAUSED' ? 'Resume' : 'Pause'}
                </Button>
              </>
            )}
          </div>
        </section>
      )}
    </div>
  )
}
