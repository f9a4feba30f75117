// The fleet overview: headline figures, charts, and where to go next.
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireSuperAdmin } from '@/app/_server/session'
import { FleetCharts } from '@/components/admin/fleet-charts'
import { fleetMetrics } from '@/lib/admin/fleet-metrics'

export const metadata: Metadata = { title: 'Admin' }

const usd = (cents: number) => (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)
const secs = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`)

export default async function AdminHome() {
  await requireSuperAdmin()
  const m = await fleetMetrics()
  const figures: { label: string; value: string; note?: string; href?: string }[] = [
    { label: 'Tenants', value: m.totalTenants.toLocaleString('en-US'), href: '/admin/tenants' },
    {
      label: 'MRR',
      value: usd(m.mrrCents),
      note: `${m.payingSubscriptions} paying${m.contractSubscriptions ? `, ${m.contractSubscriptions} by contract not counted` : ''}`,
    },
    { label: 'ARR', value: usd(m.arrCents) },
    {
      label: 'Trial conversion (90 days)',
      value: pct(m.trialConversion.rate),
      note: `${m.trialConversion.converted} of ${m.trialConversion.ended} ended trials`,
    },
    { label: 'Churn (30 days)', value: pct(m.churn.rate), note: `${m.churn.canceled} canceled of ${m.churn.base}` },
    {
      label: 'Provisioning p50 / p95 (30 days)',
      value: `${secs(m.provisioning.p50Ms)} / ${secs(m.provisioning.p95Ms)}`,
      note: `${m.provisioning.runs} successful runs`,
    },
    { label: 'Failed jobs (24 h / 7 days)', value: `${m.failedJobs.last24h} / ${m.failedJobs.last7d}`, href: '/admin/jobs' },
  ]
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Fleet</h1>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {figures.map((f) => (
          <div key={f.label} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">
              {f.href ? (
                <Link href={f.href} className="hover:underline">
                  {f.label}
                </Link>
              ) : (
                f.label
              )}
            </dt>
            <dd className="mt-1 text-2xl font-semibold">{f.value}</dd>
            {f.note && <dd className="text-xs text-slate-600">{f.note}</dd>}
          </div>
        ))}
      </dl>
      <FleetCharts byState={m.tenantsByState} perDay={m.newTenantsPerDay} />
    </div>
  )
}
