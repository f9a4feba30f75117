import type { Metadata } from 'next'
import { PlanCard } from '@/components/marketing/plan-card'
import { appOffers, type AppOffer } from '@/lib/apps/offers'
import type { Plan } from '@/lib/plans/catalog'

export const metadata: Metadata = { title: 'Pricing' }
// Rendered per request: the catalog may come from the operator's PLANS_FILE and APPS_FILE, read at start.
export const dynamic = 'force-dynamic'

function cents(value: number): string {
  return `$${(value / 100).toFixed(2)}`
}

export default function PricingPage() {
  const offers = appOffers()
  const several = offers.length > 1
  return (
    <section className="mx-auto max-w-6xl px-6 py-16">
      <h1 className="text-center text-3xl font-bold">Simple plans, fair usage</h1>
      <p className="mt-3 text-center text-slate-600">
        Every plan runs in its own namespace with its own database. Upgrade or downgrade at any time.
      </p>
      {offers.map((offer) => (
        <AppPlans key={offer.id} offer={offer} showName={several} />
      ))}
    </section>
  )
}

/** One app's plans and the usage rates of its featured plan; its name only when several apps are sold. */
function AppPlans({ offer, showName }: { offer: AppOffer; showName: boolean }) {
  return (
    <section aria-labelledby={showName ? `app-${offer.id}` : undefined} id={offer.id} className="mt-12">
      {showName && (
        <>
          <h2 id={`app-${offer.id}`} className="text-2xl font-semibold">
            {offer.name}
          </h2>
          <p className="mt-1 text-slate-600">{offer.description}</p>
        </>
      )}
      <div className="mt-6 grid gap-6 md:grid-cols-2 lg:grid-cols-4">
        {offer.plans.map((plan) => (
          <PlanCard key={plan.id} plan={plan} highlighted={plan.id === offer.featured?.id} />
        ))}
      </div>
      {offer.featured && <Rates rates={offer.featured.rates} label={showName ? `Overage rates of ${offer.name}` : 'Overage rates'} />}
    </section>
  )
}

function Rates({ rates, label }: { rates: Plan['rates']; label: string }) {
  return (
    <div className="mx-auto mt-12 max-w-2xl">
      <h2 className="text-lg font-semibold">Usage beyond what your plan includes</h2>
      <table className="mt-4 w-full text-left text-sm">
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-500">
            <th scope="col" className="py-2 font-medium">
              Resource
            </th>
            <th scope="col" className="py-2 font-medium">
              Rate
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="border-b border-slate-100">
            <td className="py-2">Storage</td>
            <td className="py-2">{cents(rates.storageCentsPerGbMonth)} per GB-month</td>
          </tr>
          <tr className="border-b border-slate-100">
            <td className="py-2">Compute</td>
            <td className="py-2">{cents(rates.cpuCentsPerHour)} per vCPU-hour</td>
          </tr>
          <tr>
            <td className="py-2">Bandwidth</td>
            <td className="py-2">{cents(rates.bandwidthCentsPerGb)} per GB</td>
          </tr>
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-500">Prices exclude tax, added at checkout where applicable.</p>
    </div>
  )
}
