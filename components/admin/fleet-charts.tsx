'use client'
// The fleet overview's charts (recharts): tenants by state and new tenants per day. Each chart
// has a table of the same numbers beside it for screen readers and keyboard users; the drawing
// itself is hidden from them (no keyboard layer: nothing focusable inside aria-hidden).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

function Chart({ title, children, table }: { title: string; children: React.ReactElement; table: React.ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">{title}</h2>
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          {children}
        </ResponsiveContainer>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">Show as a table</summary>
        {table}
      </details>
    </section>
  )
}

export function FleetCharts({
  byState,
  perDay,
}: {
  byState: { state: string; count: number }[]
  perDay: { day: string; count: number }[]
}) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Chart
        title="Tenants by state"
        table={
          <table className="mt-2 w-full text-left">
            <caption className="sr-only">Tenants by state</caption>
            <tbody>
              {byState.map((s) => (
                <tr key={s.state}>
                  <th scope="row" className="pr-4 font-normal">
                    {s.state.toLowerCase()}
                  </th>
                  <td>{s.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <BarChart accessibilityLayer={false} data={byState.map((s) => ({ ...s, state: s.state.toLowerCase() }))}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="state" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Bar dataKey="count" name="Tenants" fill="#2f6fed" />
        </BarChart>
      </Chart>
      <Chart
        title="New tenants per day (30 days)"
        table={
          <table className="mt-2 w-full text-left">
            <caption className="sr-only">New tenants per day</caption>
            <tbody>
              {perDay.map((d) => (
                <tr key={d.day}>
                  <th scope="row" className="pr-4 font-normal">
                    {d.day}
                  </th>
                  <td>{d.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <BarChart accessibilityLayer={false} data={perDay}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={12} tickFormatter={(d: string) => d.slice(5)} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Bar dataKey="count" name="New tenants" fill="#0f9d58" />
        </BarChart>
      </Chart>
    </div>
  )
}
