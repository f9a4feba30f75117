import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { getBillingOverview } from '@/lib/billing/get-billing-overview'
import { BillingPanel } from '@/components/billing/billing-panel'
import { Alert } from '@/components/ui/alert'

export const metadata: Metadata = { title: 'Billing' }
export const dynamic = 'force-dynamic'

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>
  searchParams: Promise<{ checkout?: string }>
}) {
  const { org: slug } = await params
  const { org, membership } = await requireOrgPage(slug)
  const billing = await getBillingOverview(org.id)
  const { checkout } = await searchParams
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">Billing</h1>
      {checkout === 'canceled' && <Alert tone="info">Checkout was canceled. Your instance starts once the payment is complete.</Alert>}
      {billing ? (
        <BillingPanel orgSlug={org.slug} billing={billing} role={membership.role} />
      ) : (
        <p className="text-sm text-slate-600">This organization has no subscription.</p>
      )}
    </div>
  )
}
