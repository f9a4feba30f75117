import Link from 'next/link'
import { ButtonLink } from '@/components/ui/button-link'
import { appOffers } from '@/lib/apps/offers'

// Rendered per request: the apps sold come from the configuration read at start.
export const dynamic = 'force-dynamic'

const steps = [
  { title: 'Its own namespace', body: 'Quota, limits, default-deny network policy and Pod Security labels before anything runs.' },
  { title: 'Installed from our chart', body: 'The app, its PostgreSQL, storage and a TLS ingress at your own address.' },
  { title: 'Watched and metered', body: 'Health, storage per volume with early warnings, usage charts and clear invoices.' },
]

export default function LandingPage() {
  const offers = appOffers()
  return (
    <>
      <section className="mx-auto max-w-6xl px-6 py-20 text-center">
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Your own instance, isolated and managed.</h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-slate-600">
          Sign up, pick a plan and watch your instance being provisioned step by step on Kubernetes — ready in minutes, backed up, monitored
          and billed by what you use.
        </p>
        <div className="mt-8 flex justify-center gap-4">
          <ButtonLink href="/signup">Start free</ButtonLink>
          <ButtonLink href="/pricing" variant="secondary">
            See pricing
          </ButtonLink>
        </div>
      </section>
      {offers.length > 1 && (
        <section aria-labelledby="apps" className="py-16">
          <div className="mx-auto max-w-6xl px-6">
            <h2 id="apps" className="text-center text-2xl font-semibold">
              Our apps
            </h2>
            <ul className="mt-10 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
              {offers.map((offer) => (
                <li key={offer.id} className="rounded-xl p-6 ring-1 ring-slate-200">
                  <h3 className="font-semibold">{offer.name}</h3>
                  <p className="mt-2 text-sm text-slate-600">{offer.description}</p>
                  <p className="mt-3 text-sm font-medium">{offer.priceNote}</p>
                  <Link href={`/pricing#${offer.id}`} className="mt-3 inline-block text-sm text-brand-600 hover:underline">
                    Plans of {offer.name}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}
      <section aria-labelledby="how" className="bg-slate-50 py-16">
        <div className="mx-auto max-w-6xl px-6">
          <h2 id="how" className="text-center text-2xl font-semibold">
            What every customer gets
          </h2>
          <ol className="mt-10 grid gap-6 sm:grid-cols-3">
            {steps.map((step, i) => (
              <li key={step.title} className="rounded-xl bg-white p-6 ring-1 ring-slate-200">
                <span className="text-sm font-semibold text-brand-600">Step {i + 1}</span>
                <h3 className="mt-2 font-semibold">{step.title}</h3>
                <p className="mt-2 text-sm text-slate-600">{step.body}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>
    </>
  )
}
