/**
 * What customers are offered (issue 15): the apps this company sells (APPS_SOLD), each with its
 * plans in catalog order and the plan the pricing page features. The landing page, the pricing
 * page and the sign-up wizard read this one list; with one app sold they show what they always did.
 */
import { formatPrice } from '../format/money'
import { getCatalog, type Plan } from '../plans/catalog'
import { soldApps } from './catalog'

export interface AppOffer {
  id: string
  name: string
  description: string
  plans: Plan[]
  /** The cheapest paid plan with a list price (the pricing page's highlight), else the first. */
  featured: Plan | undefined
  /** "From $12 / month", "Free plan available", "Priced by contract". */
  priceNote: string
}

export function appOffers(): AppOffer[] {
  const catalog = getCatalog()
  return soldApps().map((app) => {
    const plans = catalog.filter((p) => p.app === app.id)
    const paid = plans.filter((p) => p.priceCents !== null && p.priceCents > 0).sort((a, b) => a.priceCents! - b.priceCents!)
    const free = plans.some((p) => p.priceCents === 0 && p.expiresAfterDays === null)
    const priceNote = paid.length
      ? `From ${formatPrice(paid[0]!)} / month${free ? ', free plan available' : ''}`
      : free
        ? 'Free plan available'
        : 'Priced by contract'
    return { id: app.id, name: app.name, description: app.description, plans, featured: paid[0] ?? plans[0], priceNote }
  })
}
