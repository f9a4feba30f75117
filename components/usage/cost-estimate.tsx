// Month-to-date cost estimate from the plan's rates.
import type { MonthCostEstimate } from '@/lib/metering/estimate-month-cost'
import { formatCents, formatNumber } from '@/lib/format'

export function CostEstimate({ estimate }: { estimate: MonthCostEstimate }) {
  return (
    <section aria-label="Month-to-date cost" data-testid="cost-estimate" className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 className="text-sm font-semibold text-slate-700">Month to date (estimate, {estimate.planName} plan)</h2>
      <p className="mt-1 text-2xl font-semibold" data-testid="cost-total">
        {formatCents(estimate.totalCents)}
      </p>
      <table className="mt-3 w-full text-sm">
        <tbody>
          <tr>
            <td className="py-0.5 text-slate-600">Plan</td>
            <td className="text-right">{formatCents(estimate.baseCents)}</td>
          </tr>
          {estimate.lines.map((l) => (
            <tr key={l.key}>
              <td className="py-0.5 text-slate-600">
                {l.label}: {formatNumber(l.quantity)} {l.unit} ({formatNumber(l.included, 0)} included)
              </td>
              <td className="text-right">{formatCents(l.amountCents)}</td>
            </tr>
          ))}
          <tr>
            <td className="py-0.5 text-slate-600">Tax ({formatNumber(estimate.taxRateBps / 100)}%)</td>
            <td className="text-right">{formatCents(estimate.taxCents)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  )
}
