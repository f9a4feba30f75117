// Shown on every page of an organization: payment overdue (dunning), a paused or expired
// subscription, a checkout still to complete; and the plan with its trial end.
import Link from 'next/link'
import { getBillingOverview } from '@/lib/billing/get-billing-overview'

const date = (iso: string) => iso.slice(0, 10)

export async function BillingBanner({ orgId, orgSlug }: { orgId: string; orgSlug: string }) {
  const billing = await getBillingOverview(orgId)
  if (!billing) return null
  const link = (
    <Link href={`/${orgSlug}/billing`} className="font-semibold underline">
      Billing
    </Link>
  )
  let notice: React.ReactNode = null
  if (billing.dunning) {
    const graceEnd = billing.dunning.graceEndsAt ? date(billing.dunning.graceEndsAt) : 'the grace period ends'
    notice = (
      <div role="alert" data-testid="dunning-banner" className="bg-red-50 px-6 py-2 text-center text-sm text-red-800">
        {billing.dunning.isGraceOver
          ? 'Your payment is overdue and the instance is suspended. Update your payment method to resume it. '
          : `Your last payment failed. Update your payment method before ${graceEnd} to keep the instance running. `}
        {link}
      </div>
    )
  } else if (billing.needsCheckout) {
    notice = (
      <div role="status" className="bg-amber-50 px-6 py-2 text-center text-sm text-amber-800">
        Complete the payment to start your instance. {link}
      </div>
    )
  } else if (billing.status === 'EXPIRED' || billing.status === 'PAUSED' || billing.status === 'CANCELED') {
    notice = (
      <div role="status" className="bg-amber-50 px-6 py-2 text-center text-sm text-amber-800">
        {billing.status === 'PAUSED'
          ? 'The subscription is paused; the instance is stopped and its data kept.'
          : billing.status === 'EXPIRED'
            ? 'The trial has ended; the instance is suspended and its data kept.'
            : 'The subscription is canceled.'}{' '}
        {link}
      </div>
    )
  }
  return (
    <>
      {notice}
      <div data-testid="plan-summary" className="border-b border-slate-200 bg-white px-6 py-1.5 text-center text-xs text-slate-600">
        <span data-testid="plan-name" className="font-semibold text-slate-800">
          {billing.plan.name}
        </span>{' '}
        plan
        {billing.status === 'TRIALING' && billing.trialEndsAt && (
          <>
            {' '}
            · trial ends <time data-testid="trial-end">{date(billing.trialEndsAt)}</time>
          </>
        )}
        {billing.cancelAtPeriodEnd && billing.currentPeriodEnd && <> · ends {date(billing.currentPeriodEnd)}</>}
      </div>
    </>
  )
}
