// The fleet overview: headline figures, charts, and where to go next.
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireAdminPage } from '@/app/_server/page-scope'
import { FleetCharts } from '@/components/admin/fleet-charts'
import { DescriptionList } from '@/components/ui/description-list'
import { fleetMetrics } from '@/lib/admin/fleet-metrics'
import { formatDollars, formatNumber, formatRatio, formatSeconds } from '@/lib/format'

export const metadata: Metadata = { title: 'Admin' }

export default async function AdminHome() {
  await requireAdminPage()
  const m = await fleetMetrics()
  const figures: { label: string; value: string; note?: string; href?: string }[] = [
    { label: 'Tenants', value: formatNumber(m.totalTenants, 0), href: '/admin/tenants' },
    {
      label: 'MRR',
      value: formatDollars(m.mrrCents),
      note: `${m.payingSubscriptions} paying${m.contractSubscriptions ? `, ${m.contractSubscriptions} by contract not counted` : ''}`,
    },
    { label: 'ARR', value: formatDollars(m.arrCents) },
    {
      label: 'Trial conversion (90 days)',
      value: formatRatio(m.trialConversion.rate),
      note: `${m.trialConversion.converted} of ${m.trialConversion.ended} ended trials`,
    },
    { label: 'Churn (30 days)', value: formatRatio(m.churn.rate), note: `${m.churn.canceled} canceled of ${m.churn.base}` },
    {
      label: 'Provisioning p50 / p95 (30 days)',
      value: `${formatSeconds(m.provisioning.p50Ms)} / ${formatSeconds(m.provisioning.p95Ms)}`,
      note: `${m.provisioning.runs} successful runs`,
    },
    { label: 'Failed jobs (24 h / 7 days)', value: `${m.failedJobs.last24h} / ${m.failedJobs.last7d}`, href: '/admin/jobs' },
  ]
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Fleet</h1>
      <DescriptionList
        layout="stats"
        columns={4}
        cards
        items={figures.map((f) => ({
          key: f.label,
          label: f.href ? (
            <Link href={f.href} className="hover:underline">
              {f.label}
            </Link>
          ) : (
            f.label
          ),
          value: f.value,
          note: f.note,
        }))}
      />
      <FleetCharts byState={m.tenantsByState} perDay={m.newTenantsPerDay} />
    </div>
  )
}
