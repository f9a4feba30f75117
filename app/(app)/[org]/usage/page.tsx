// Usage: storage per volume, CPU hours and bandwidth over 7 / 30 / 90 days or 12 months, the
// month-to-date cost estimate and open storage alerts; states for "metering off" and "no data yet".
import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { getUsageSeries } from '@/lib/metering/get-usage-series'
import { estimateMonthCost } from '@/lib/metering/estimate-month-cost'
import { getVolumeUsage } from '@/lib/metering/get-volume-usage'
import { usageRangeSchema, USAGE_RANGES } from '@/lib/metering/usage-range'
import { Alert } from '@/components/ui/alert'
import { UsageCharts } from '@/components/usage/usage-charts'
import { RangePicker } from '@/components/usage/range-picker'
import { CostEstimate } from '@/components/usage/cost-estimate'
import { StorageAlertBanner } from '@/components/usage/storage-alert-banner'
import { DescriptionList } from '@/components/ui/description-list'
import { formatCpuHours, formatGb } from '@/lib/format'

export const metadata: Metadata = { title: 'Usage' }

export default async function UsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>
  searchParams: Promise<{ range?: string | string[] }>
}) {
  const { org: slug } = await params
  const { org } = await requireOrgPage(slug)
  const range = usageRangeSchema.parse((await searchParams).range)
  const [series, estimate, volumes] = await Promise.all([
    getUsageSeries({ orgId: org.id, range }),
    estimateMonthCost({ orgId: org.id }),
    getVolumeUsage({ orgId: org.id }),
  ])
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Usage</h1>
        <RangePicker orgSlug={org.slug} current={range} />
      </div>
      {series.meteringMode === 'off' && (
        <Alert tone="info">
          <span data-testid="metering-off">
            Metering is off: no Prometheus is configured, so nothing new is collected. The figures below are what was already stored.
          </span>
        </Alert>
      )}
      <StorageAlertBanner volumes={volumes} />
      {!series.hasData ? (
        <p data-testid="usage-empty" className="rounded-lg bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200">
          No usage data yet for the last {USAGE_RANGES[range].label}. Usage is collected every hour once the instance runs.
        </p>
      ) : (
        <>
          <DescriptionList
            layout="stats"
            columns={3}
            cards
            items={[
              {
                label: 'Storage now',
                value: series.totals.latestStorageGb === null ? '—' : formatGb(series.totals.latestStorageGb),
              },
              { label: `CPU, last ${USAGE_RANGES[range].label}`, value: formatCpuHours(series.totals.cpuHours) },
              { label: `Bandwidth, last ${USAGE_RANGES[range].label}`, value: formatGb(series.totals.bandwidthGb) },
            ]}
          />
          {series.gapWindows > 0 && (
            <p className="text-xs text-slate-500">
              {series.gapWindows} hourly readings are missing in this range (no data from the cluster); they show as breaks, not zero.
            </p>
          )}
          <UsageCharts series={series} />
        </>
      )}
      {estimate && <CostEstimate estimate={estimate} />}
    </div>
  )
}
