// The console tenant page: the instance's plan and the organization's subscription.
import { DescriptionList, type DescriptionItem } from '@/components/ui/description-list'
import { Section } from '@/components/ui/section'
import type { TenantDetail } from '@/lib/admin/get-tenant-detail'
import { formatMoney, isoDay } from '@/lib/format'

export function SubscriptionSection({ tenant, plan, subscription }: Pick<TenantDetail, 'tenant' | 'plan' | 'subscription'>) {
  const items: DescriptionItem[] = [
    {
      label: 'Instance plan',
      value: `${plan?.name ?? tenant.planId}${plan?.priceCents != null ? ` · ${formatMoney(plan.priceCents, 'usd')}/month` : ''}`,
    },
    {
      label: 'Subscription',
      value: subscription ? `${subscription.planId}, ${subscription.status.toLowerCase().replace('_', ' ')}` : 'none',
    },
  ]
  if (subscription?.trialEndsAt) items.push({ label: 'Trial ends', value: isoDay(subscription.trialEndsAt) })
  if (subscription?.pastDueSince)
    items.push({
      label: 'Past due since',
      value: `${isoDay(subscription.pastDueSince)}${subscription.graceEndsAt ? ` (grace until ${isoDay(subscription.graceEndsAt)})` : ''}`,
    })
  if (subscription?.currentPeriodEnd)
    items.push({
      label: 'Period ends',
      value: `${isoDay(subscription.currentPeriodEnd)}${subscription.cancelAtPeriodEnd ? ' (cancels then)' : ''}`,
    })
  items.push({ label: 'Stripe', value: subscription?.stripeSubscriptionId ?? 'not billed by Stripe' })
  return (
    <Section title="Plan and subscription">
      <DescriptionList items={items} />
    </Section>
  )
}
