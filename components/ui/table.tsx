// A data table: a caption (visually hidden unless `captionVisible`), columns, rows, a message
// when there are none, sortable header links and pagination, both built from a base URL and the
// page's current parameters (so they work without JavaScript and can be shared).
//
//   <Table
//     caption="Tenants"
//     columns={[{ key: 'name', header: 'Organization', sort: 'name', cell: (t) => t.name }, …]}
//     rows={page.rows}
//     rowKey={(t) => t.id}
//     empty="No tenant matches."
//     link={{ baseUrl: '/admin/tenants', params: query }}
//     sort={{ by: 'created', dir: 'desc' }}
//     pagination={{ page: 2, pageCount: 7 }}
//   />
//
// Keyset pages (no page count) give `pagination={{ nextHref, nextLabel: 'Older entries →' }}`.
import Link from 'next/link'
import { formatNumber } from '@/lib/format'

export interface Column<Row> {
  /** React key; also what `sort.by` is compared with when `sort` is not given. */
  key: string
  header: React.ReactNode
  cell: (row: Row) => React.ReactNode
  /** The value of the sort parameter for this column: makes the header a sort link. */
  sort?: string
  align?: 'left' | 'right'
  /** Classes for this column's body cells; `headerClassName` for its header. */
  className?: string
  headerClassName?: string
  /** The cell is the row's header (<th scope="row">). */
  isRowHeader?: boolean
}

type Params = Record<string, string | number | undefined>

/** Where sort and page links point: the page's URL and its current parameters. */
export interface TableLink {
  baseUrl: string
  params: Params
}

/** The current order; the parameter names default to sort, dir and page (a new order starts at page 1). */
export interface TableSort {
  by: string
  dir: 'asc' | 'desc'
  sortParam?: string
  dirParam?: string
  pageParam?: string
}

/** `baseUrl` with `params`, changed by `change` (undefined or '' removes a parameter). */
export function tableHref(baseUrl: string, params: Params, change: Params = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...params, ...change }))
    if (value !== undefined && value !== '') search.set(key, String(value))
  const s = search.toString()
  return s ? `${baseUrl}?${s}` : baseUrl
}

export type Pagination =
  | { page: number; pageCount: number; pageParam?: string }
  | { nextHref: string | null; nextLabel: string; previousHref?: string | null; previousLabel?: string }

const VARIANTS = {
  /** A card of its own: white, ringed, header row shaded. */
  card: {
    wrapper: 'overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200',
    head: 'bg-slate-50 text-slate-600',
    th: 'px-4 py-2 font-medium',
    td: 'px-4 py-2',
    empty: 'px-4 py-6 text-center text-slate-600',
    emptyMessage: 'rounded-lg bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200',
  },
  /** Inside a Section or a document: no frame of its own. */
  plain: {
    wrapper: 'overflow-x-auto',
    head: 'text-slate-500',
    th: 'py-1 pr-2 font-medium',
    td: 'py-1 pr-2',
    empty: 'py-4 text-center text-slate-600',
    emptyMessage: 'text-sm text-slate-600',
  },
} as const

const ARROWS = { asc: ' ▲', desc: ' ▼' } as const
const SPOKEN = { asc: 'ascending', desc: 'descending' } as const

export function Table<Row>({
  caption,
  captionVisible = false,
  columns,
  rows,
  rowKey,
  rowAttributes,
  rowClassName = '',
  empty,
  emptyWithoutTable = false,
  variant = 'card',
  link,
  sort,
  pagination,
  footer,
}: {
  caption: React.ReactNode
  captionVisible?: boolean
  columns: Column<Row>[]
  rows: Row[]
  rowKey: (row: Row) => string
  /** Extra attributes of a row (`data-*` for tests and styling). */
  rowAttributes?: (row: Row) => Record<`data-${string}`, string | undefined>
  /** Classes for every body row (e.g. `align-top`). */
  rowClassName?: string
  /** Shown when there are no rows: a row of the table, or (emptyWithoutTable) a message instead of the table. */
  empty?: React.ReactNode
  emptyWithoutTable?: boolean
  variant?: keyof typeof VARIANTS
  link?: TableLink
  sort?: TableSort
  pagination?: Pagination
  /** Rows of a <tfoot> (totals). */
  footer?: React.ReactNode
}) {
  const style = VARIANTS[variant]
  if (rows.length === 0 && emptyWithoutTable) return empty ? <p className={style.emptyMessage}>{empty}</p> : null
  const align = (c: Column<Row>) => (c.align === 'right' ? ' text-right' : '')
  return (
    <>
      <div className={style.wrapper}>
        <table className="w-full text-left text-sm">
          <caption className={captionVisible ? 'mb-2 text-left font-medium text-slate-700' : 'sr-only'}>{caption}</caption>
          <thead className={style.head}>
            <tr>
              {columns.map((c) => {
                const isSorted = sort !== undefined && c.sort !== undefined && c.sort === sort.by
                return (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={isSorted ? SPOKEN[sort.dir] : undefined}
                    className={`${style.th}${align(c)} ${c.headerClassName ?? ''}`.trim()}
                  >
                    {c.sort && sort && link ? <SortLink column={c} sort={sort} link={link} /> : c.header}
                  </th>
                )
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && empty && (
              <tr>
                <td colSpan={columns.length} className={style.empty}>
                  {empty}
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={rowKey(row)} className={`border-t border-slate-100 ${rowClassName}`.trim()} {...rowAttributes?.(row)}>
                {columns.map((c) => {
                  const className = `${style.td}${align(c)} ${c.className ?? ''}`.trim()
                  return c.isRowHeader ? (
                    <th key={c.key} scope="row" className={className}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={className}>
                      {c.cell(row)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
          {footer && <tfoot>{footer}</tfoot>}
        </table>
      </div>
      {pagination && <Pages pagination={pagination} link={link} />}
    </>
  )
}

function SortLink<Row>({ column, sort, link }: { column: Column<Row>; sort: TableSort; link: TableLink }) {
  const isSorted = column.sort === sort.by
  const nextDir = isSorted && sort.dir === 'asc' ? 'desc' : 'asc'
  const href = tableHref(link.baseUrl, link.params, {
    [sort.sortParam ?? 'sort']: column.sort,
    [sort.dirParam ?? 'dir']: nextDir,
    [sort.pageParam ?? 'page']: undefined,
  })
  return (
    <Link href={href} className="hover:underline">
      {column.header}
      {isSorted ? ARROWS[sort.dir] : ''}
      <span className="sr-only">, sort {SPOKEN[nextDir]}</span>
    </Link>
  )
}

const linkClass = 'text-brand-700 hover:underline'

/** Previous / "Page x of y" / next, or a keyset page's links; nothing when there is one page. */
export function Pages({ pagination, link }: { pagination: Pagination; link?: TableLink }) {
  if ('nextHref' in pagination) {
    const { nextHref, nextLabel, previousHref, previousLabel } = pagination
    if (!nextHref && !previousHref) return null
    return (
      <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
        {previousHref && previousLabel && (
          <Link href={previousHref} className={linkClass}>
            {previousLabel}
          </Link>
        )}
        {nextHref && (
          <Link href={nextHref} className={linkClass}>
            {nextLabel}
          </Link>
        )}
      </nav>
    )
  }
  const { page, pageCount, pageParam = 'page' } = pagination
  if (pageCount <= 1) return null
  const href = (n: number) => (link ? tableHref(link.baseUrl, link.params, { [pageParam]: n }) : `?${pageParam}=${n}`)
  return (
    <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className={linkClass}>
          ← Previous
        </Link>
      ) : (
        <span className="text-slate-500">← Previous</span>
      )}
      <span>
        Page {page} of {formatNumber(pageCount, 0)}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={linkClass}>
          Next →
        </Link>
      ) : (
        <span className="text-slate-500">Next →</span>
      )}
    </nav>
  )
}
