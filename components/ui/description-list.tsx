// Label/value pairs as a <dl>. Three layouts:
//   inline: label and value side by side, one pair a line (a message's headers);
//   grid:   pairs in columns, label above value (an invoice's parties and dates);
//   stats:  figures, label above a large value with an optional note; `cards` puts each in a card.
//
//   <DescriptionList layout="inline" items={[{ label: 'To', value: message.to }]} />
//   <DescriptionList layout="stats" columns={3} cards items={[{ label: 'Storage now', value: '12 GB', note: '…' }]} />
//   <DescriptionList layout="grid" columns={2} items={[{ label: 'Paid', value: day, testId: 'invoice-status' }]} />

import { Fragment } from 'react'

export interface DescriptionItem {
  label: React.ReactNode
  value: React.ReactNode
  /** A smaller line under the value (stats). */
  note?: React.ReactNode
  /** data-testid on the value's <dd>. */
  testId?: string
  /** React key; defaults to the label when it is a string. */
  key?: string
}

// Literal class names (Tailwind finds them in the source).
const COLUMNS = {
  1: 'grid-cols-1',
  2: 'grid-cols-2',
  3: 'grid-cols-1 sm:grid-cols-3',
  4: 'grid-cols-2 sm:grid-cols-4',
} as const

export function DescriptionList({
  items,
  layout = 'inline',
  columns = 2,
  cards = false,
  className = '',
}: {
  items: DescriptionItem[]
  layout?: 'inline' | 'grid' | 'stats'
  columns?: keyof typeof COLUMNS
  cards?: boolean
  /** Extra classes for the <dl> (margins). */
  className?: string
}) {
  const key = (item: DescriptionItem, i: number) => item.key ?? (typeof item.label === 'string' ? item.label : String(i))
  if (layout === 'inline')
    return (
      <dl className={`grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm ${className}`.trim()}>
        {items.map((item, i) => (
          <Fragment key={key(item, i)}>
            <dt className="text-slate-500">{item.label}</dt>
            <dd data-testid={item.testId}>{item.value}</dd>
          </Fragment>
        ))}
      </dl>
    )
  const isStats = layout === 'stats'
  return (
    <dl className={`grid gap-4 ${COLUMNS[columns]} ${isStats ? '' : 'text-sm'} ${className}`.replace(/\s+/g, ' ').trim()}>
      {items.map((item, i) => (
        <div key={key(item, i)} className={cards ? 'rounded-lg bg-white p-4 ring-1 ring-slate-200' : undefined}>
          <dt className={isStats ? 'text-sm text-slate-500' : 'text-slate-500'}>{item.label}</dt>
          <dd data-testid={item.testId} className={isStats ? 'text-xl font-semibold' : undefined}>
            {item.value}
          </dd>
          {item.note && <dd className="text-xs text-slate-600">{item.note}</dd>}
        </div>
      ))}
    </dl>
  )
}
