import { formatPrice, type Plan } from '@/lib/plans/catalog'
import { ButtonLink } from '@/components/ui/button-link'

export function PlanCard({ plan, highlighted = false }: { plan: Plan; highlighted?: boolean }) {
  return (
    <article
      aria-labelledby={`plan-${plan.id}`}
      className={`flex flex-col rounded-xl p-6 ring-1 ${highlighted ? 'bg-brand-50 ring-2 ring-brand-500' : 'ring-slate-200'}`}
    >
      <h3 id={`plan-${plan.id}`} className="text-lg font-semibold">
        {plan.name}
      </h3>
      <p className="mt-1 text-sm text-slate-600">{plan.tagline}</p>
      <p className="mt-4">
        <span className="text-3xl font-bold">{formatPrice(plan)}</span>
        {plan.priceCents !== null && <span className="text-sm text-slate-500"> / month</span>}
      </p>
      <p className="mt-1 h-5 text-xs text-slate-500">
        {plan.trialDays > 0
          ? `${plan.trialDays}-day free trial`
          : plan.expiresAfterDays
            ? `Expires after ${plan.expiresAfterDays} days`
            : 'Free forever'}
      </p>
      <ul className="mt-4 flex-1 space-y-2 text-sm">
        {plan.features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <span aria-hidden className="text-brand-600">
              ✓
            </span>
            {feature}
          </li>
        ))}
      </ul>
      <div className="mt-6">
        <ButtonLink href={`/signup?plan=${plan.id}`} variant={highlighted ? 'primary' : 'secondary'}>
          {plan.priceCents === null ? 'Talk to us' : plan.requiresPayment ? 'Start trial' : 'Get started'}
        </ButtonLink>
      </div>
    </article>
  )
}
