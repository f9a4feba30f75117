// The range picker: plain links (?range=…), so it works before hydration and the URL says what is shown.
import Link from 'next/link'
import { USAGE_RANGES, type UsageRange } from '@/lib/metering/usage-range'

const linkClass = 'px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md'
const currentClass = 'bg-brand-600 font-medium text-white'
const otherClass = 'bg-white text-slate-700 hover:bg-slate-50'

export function RangePicker({ orgSlug, current }: { orgSlug: string; current: UsageRange }) {
  return (
    <nav aria-label="Range" className="inline-flex rounded-md ring-1 ring-slate-300">
      {(Object.keys(USAGE_RANGES) as UsageRange[]).map((range) => (
        <Link
          key={range}
          href={`/${orgSlug}/usage?range=${range}`}
          aria-current={range === current ? 'page' : undefined}
          className={`${linkClass} ${range === current ? currentClass : otherClass}`}
        >
          {USAGE_RANGES[range].label}
        </Link>
      ))}
    </nav>
  )
}
