// One tenant, everything the console knows: actions, organization and members, plan and
// subscription, the instance with its workflow runs, cluster objects, usage, invoices and audit.
// Each section is a component of components/admin/tenant.
import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { z } from 'zod'
import { requireAdminPage } from '@/app/_server/page-scope'
import { ClusterObjects } from '@/components/admin/cluster-objects'
import { AuditSection } from '@/components/admin/tenant/audit-section'
import { InstanceSection } from '@/components/admin/tenant/instance-section'
import { InvoicesSection } from '@/components/admin/tenant/invoices-section'
import { OrganizationSection } from '@/components/admin/tenant/organization-section'
import { SubscriptionSection } from '@/components/admin/tenant/subscription-section'
import { TenantActions } from '@/components/admin/tenant/tenant-actions'
import { TenantStateBadge } from '@/components/admin/tenant-state-badge'
import { Section } from '@/components/ui/section'
import { UsageCharts } from '@/components/usage/usage-charts'
import { getClusterObjects } from '@/lib/admin/get-cluster-objects'
import { getTenantDetail } from '@/lib/admin/get-tenant-detail'
import { isAppError } from '@/lib/errors/app-error'
import { getUsageSeries } from '@/lib/metering/get-usage-series'

export const metadata: Metadata = { title: 'Tenant' }

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage()
  const { id } = await params
  if (!z.string().min(1).max(64).safeParse(id).success) notFound()
  const detail = await getTenantDetail({ tenantId: id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const { tenant, org } = detail
  const [objects, usage] = await Promise.all([getClusterObjects({ tenantId: tenant.id }), getUsageSeries({ orgId: org.id, range: '30d' })])
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/tenants" className="text-brand-700 hover:underline">
          ← Tenants
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{org.name}</h1>
        <TenantStateBadge state={tenant.state} />
      </div>
      <TenantActions detail={detail} />
      <div className="grid gap-6 md:grid-cols-2">
        <OrganizationSection org={org} members={detail.members} />
        <SubscriptionSection tenant={tenant} plan={detail.plan} subscription={detail.subscription} />
      </div>
      <InstanceSection tenant={tenant} runs={detail.runs} />
      <Section title="Cluster objects">
        <ClusterObjects objects={objects} />
      </Section>
      <Section title="Usage, last 30 days">
        <UsageCharts series={usage} />
      </Section>
      <InvoicesSection invoices={detail.invoices} />
      <AuditSection tenantId={tenant.id} audit={detail.audit} />
    </div>
  )
}
