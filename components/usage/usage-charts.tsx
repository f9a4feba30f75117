'use client'
// The usage page's charts (recharts): storage per volume over time, CPU core-hours and bandwidth
// per bucket. Buckets where every window was a gap are breaks in the line, not zeros.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { UsageSeries } from '@/lib/metering/get-usage-series'

const COLORS = ['#2f6fed', '#0f9d58', '#f4a300', '#d93025', '#8e24aa', '#00897b']

function tickFormatter(bucket: UsageSeries['bucket']) {
  return (iso: string) => {
    const d = new Date(iso)
    if (bucket === 'hour') return `${d.toISOString().slice(5, 10)} ${d.toISOString().slice(11, 13)}h`
    return d.toISOString().slice(5, 10)
  }
}

function Panel({ title, testId, points, children }: { title: string; testId: string; points: number; children: React.ReactElement }) {
  return (
    <section aria-label={title} data-testid={testId} data-points={points} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">{title}</h2>
      <div className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          {children}
        </ResponsiveContainer>
      </div>
    </section>
  )
}

export function UsageCharts({ series }: { series: UsageSeries }) {
  const tick = tickFormatter(series.bucket)
  const storageRows = (series.storage[0]?.points ?? []).map((p, i) => {
    const row: Record<string, string | number | null> = { t: p.t }
    for (const v of series.storage) row[v.volume] = v.points[i]?.value ?? null
    return row
  })
  const cpuRows = series.cpuHours.map((p) => ({ t: p.t, value: p.value }))
  const bandwidthRows = series.bandwidthGb.map((p) => ({ t: p.t, value: p.value }))
  const per = series.bucket === 'hour' ? 'per hour' : series.bucket === 'day' ? 'per day' : 'per week'
  return (
    <div className="space-y-4">
      <Panel title="Storage used per volume (GB)" testId="chart-storage" points={storageRows.length}>
        <AreaChart data={storageRows} margin={{ left: 0, right: 8, top: 4, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="t" tickFormatter={tick} minTickGap={24} fontSize={12} />
          <YAxis fontSize={12} width={48} />
          <Tooltip labelFormatter={(l) => new Date(String(l)).toUTCString()} formatter={(v) => `${v} GB`} />
          <Legend />
          {series.storage.map((v, i) => (
            <Area
              key={v.volume}
              type="monotone"
              dataKey={v.volume}
              stackId="storage"
              stroke={COLORS[i % COLORS.length]}
              fill={COLORS[i % COLORS.length]}
              fillOpacity={0.25}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </Panel>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title={`CPU (core-hours ${per})`} testId="chart-cpu" points={cpuRows.length}>
          <BarChart data={cpuRows} margin={{ left: 0, right: 8, top: 4, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" tickFormatter={tick} minTickGap={24} fontSize={12} />
            <YAxis fontSize={12} width={48} />
            <Tooltip labelFormatter={(l) => new Date(String(l)).toUTCString()} formatter={(v) => [`${v} core-hours`, 'CPU']} />
            <Bar dataKey="value" fill={COLORS[0]} isAnimationActive={false} />
          </BarChart>
        </Panel>
        <Panel title={`Bandwidth out (GB ${per})`} testId="chart-bandwidth" points={bandwidthRows.length}>
          <BarChart data={bandwidthRows} margin={{ left: 0, right: 8, top: 4, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" tickFormatter={tick} minTickGap={24} fontSize={12} />
            <YAxis fontSize={12} width={48} />
            <Tooltip labelFormatter={(l) => new Date(String(l)).toUTCString()} formatter={(v) => [`${v} GB`, 'Bandwidth']} />
            <Bar dataKey="value" fill={COLORS[1]} isAnimationActive={false} />
          </BarChart>
        </Panel>
      </div>
    </div>
  )
}
