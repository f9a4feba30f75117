// The audit log: filters in the URL (a GET form), keyset pages, CSV export of the same filter.
import type { Metadata } from 'next'
import Link from 'next/link'
import type { z } from 'zod'
import { requireAdminPage } from '@/app/_server/page-scope'
import { Table, type Column } from '@/components/ui/table'
import { auditFilterInput, listAudit } from '@/lib/admin/list-audit'
import { isoSecond } from '@/lib/format'

export const metadata: Metadata = { title: 'Audit log' }

const FIELDS = [
  { name: 'action', label: 'Action starts with', placeholder: 'admin.tenant.' },
  { name: 'actor', label: 'Actor email', placeholder: 'someone@example.com' },
  { name: 'tenantId', label: 'Tenant id', placeholder: '' },
  { name: 'orgId', label: 'Organization id', placeholder: '' },
] as const

type Entry = Awaited<ReturnType<typeof listAudit>>['rows'][number]

const COLUMNS: Column<Entry>[] = [
  {
    key: 'at',
    header: 'When (UTC)',
    className: 'whitespace-nowrap',
    cell: (r) => <time dateTime={r.at.toISOString()}>{isoSecond(r.at)}</time>,
  },
  { key: 'action', header: 'Action', cell: (r) => r.action },
  { key: 'actor', header: 'Actor', cell: (r) => r.actorEmail ?? r.actorType.toLowerCase() },
  {
    key: 'target',
    header: 'Target',
    cell: (r) =>
      r.tenantId ? (
        <Link href={`/admin/tenants/${r.tenantId}`} className="text-brand-700 hover:underline">
          {r.targetType ?? 'tenant'} {r.targetId ?? r.tenantId}
        </Link>
      ) : (
        `${r.targetType ?? ''} ${r.targetId ?? ''}`
      ),
  },
  { key: 'reason', header: 'Reason', cell: (r) => r.reason ?? '' },
  {
    key: 'change',
    header: 'Change',
    className: 'font-mono text-xs break-all',
    cell: (r) => (
      <>
        {r.before != null ? `${JSON.stringify(r.before)} → ` : ''}
        {r.after != null ? JSON.stringify(r.after) : ''}
      </>
    ),
  },
]

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage()
  const params = await searchParams
  const flat = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v),
  )
  const parsed = auditFilterInput.safeParse(flat)
  const filter: z.output<typeof auditFilterInput> = parsed.success ? parsed.data : auditFilterInput.parse({})
  const page = await listAudit(filter, { before: typeof flat.before === 'string' ? flat.before : undefined, take: 50 })
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][])
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      {!parsed.success && (
        <p role="alert" className="text-sm text-red-700">
          Some filters were not understood and were ignored.
        </p>
      )}
      <form
        role="search"
        action="/admin/audit"
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200"
      >
        {FIELDS.map((f) => (
          <div key={f.name}>
            <label htmlFor={`audit-${f.name}`} className="block text-sm font-medium text-slate-800">
              {f.label}
            </label>
            <input
              id={`audit-${f.name}`}
              name={f.name}
              defaultValue={(filter as Record<string, string | undefined>)[f.name] ?? ''}
              placeholder={f.placeholder}
              className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </div>
        ))}
        <div>
          <label htmlFor="audit-actorType" className="block text-sm font-medium text-slate-800">
            Actor type
          </label>
          <select
            id="audit-actorType"
            name="actorType"
            defaultValue={filter.actorType ?? ''}
            className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Any</option>
            {['USER', 'SUPER_ADMIN', 'SYSTEM', 'STRIPE'].map((t) => (
              <option key={t} value={t}>
                {t.toLowerCase().replace('_', '-')}
              </option>
            ))}
          </select>
        </div>
        {(['from', 'to'] as const).map((name) => (
          <div key={name}>
            <label htmlFor={`audit-${name}`} className="block text-sm font-medium text-slate-800">
              {name === 'from' ? 'From (UTC day)' : 'To (UTC day)'}
            </label>
            <input
              id={`audit-${name}`}
              name={name}
              type="date"
              defaultValue={filter[name] ?? ''}
              className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </div>
        ))}
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
          Filter
        </button>
        <a
          href={`/api/admin/audit/export${query.size ? `?${query}` : ''}`}
          className="pb-2 text-sm font-semibold text-brand-700 hover:underline"
          download
        >
          Export CSV
        </a>
      </form>
      <Table
        caption="Audit entries, newest first"
        columns={COLUMNS}
        rows={page.rows}
        rowKey={(r) => r.id}
        rowAttributes={(r) => ({ 'data-audit-action': r.action })}
        rowClassName="align-top"
        empty="No entries match."
        pagination={{
          nextHref: page.nextBefore ? `/admin/audit?${new URLSearchParams([...query, ['before', page.nextBefore]])}` : null,
          nextLabel: 'Older entries →',
        }}
      />
    </div>
  )
}
