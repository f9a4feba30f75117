// The tenants table: server-side search, filters, sort and pages, all in the URL (shareable,
// works without JavaScript, keyboard: a form and links).
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireAdminPage } from '@/app/_server/page-scope'
import { Alert } from '@/components/ui/alert'
import { StatusBadge } from '@/components/ui/status-badge'
import { Table, type Column } from '@/components/ui/table'
import { listTenants, listTenantsInput, TENANT_STATES } from '@/lib/admin/list-tenants'
import { getApps } from '@/lib/apps/catalog'
import { formatNumber, isoDay, pluralize } from '@/lib/format'
import { plansOf } from '@/lib/plans/catalog'
import { parseTenantQuery, toListInput } from './search-params'

export const metadata: Metadata = { title: 'Tenants' }

type TenantRow = Awaited<ReturnType<typeof listTenants>>['rows'][number]

const COLUMNS: Column<TenantRow>[] = [
  {
    key: 'name',
    header: 'Organization',
    sort: 'name',
    cell: (t) => (
      <Link href={`/admin/tenants/${t.id}`} className="font-medium text-brand-700 hover:underline">
        {t.org.name}
      </Link>
    ),
  },
  {
    key: 'slug',
    header: 'Slug / namespace',
    sort: 'slug',
    cell: (t) => (
      <>
        <div>{t.slug}</div>
        <div className="text-xs text-slate-500">{t.namespace}</div>
      </>
    ),
  },
  { key: 'owner', header: 'Owner', cell: (t) => t.ownerEmail ?? '—' },
  {
    key: 'app',
    header: 'App',
    cell: (t) => (
      <>
        <div>{t.appId}</div>
        {t.appVersion && <div className="text-xs text-slate-500">{t.appVersion}</div>}
      </>
    ),
  },
  { key: 'plan', header: 'Plan', sort: 'plan', cell: (t) => t.planId },
  { key: 'state', header: 'State', sort: 'state', cell: (t) => <StatusBadge kind="tenant" status={t.state} /> },
  {
    key: 'subscription',
    header: 'Subscription',
    className: 'text-slate-600',
    cell: (t) => (
      <>
        {t.subscription ? <StatusBadge kind="subscription" status={t.subscription.status} /> : '—'}
        {t.subscription?.trialEndsAt && t.subscription.status === 'TRIALING' && (
          <div className="text-xs">ends {isoDay(t.subscription.trialEndsAt)}</div>
        )}
      </>
    ),
  },
  {
    key: 'created',
    header: 'Created',
    sort: 'created',
    className: 'text-slate-600',
    cell: (t) => <time dateTime={t.createdAt.toISOString()}>{isoDay(t.createdAt)}</time>,
  },
]

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage()
  const query = parseTenantQuery(await searchParams)
  const input = toListInput(query)
  // The URL is sanitized but for the app, which only the catalog can judge: its refusal is shown, not ignored.
  const checked = listTenantsInput.safeParse(input)
  const page = checked.success ? await listTenants(input) : null
  const sort = query.sort ?? 'created'
  const dir = query.dir ?? 'desc'
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Tenants</h1>
      <form
        role="search"
        action="/admin/tenants"
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200"
      >
        <div className="min-w-64 flex-1">
          <label htmlFor="tenant-q" className="block text-sm font-medium text-slate-800">
            Search
          </label>
          <input
            id="tenant-q"
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            placeholder="Name, slug, owner email or namespace"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <div>
          <label htmlFor="tenant-state" className="block text-sm font-medium text-slate-800">
            State
          </label>
          <select
            id="tenant-state"
            name="state"
            defaultValue={query.state ?? ''}
            className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Any</option>
            {TENANT_STATES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="tenant-plan" className="block text-sm font-medium text-slate-800">
            Plan
          </label>
          <select
            id="tenant-plan"
            name="plan"
            defaultValue={query.plan ?? ''}
            className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Any</option>
            {/* By app (plan names repeat across apps); only the chosen app's when the app filter is set. */}
            {getApps()
              .filter((a) => !query.app || a.id === query.app)
              .map((a) => (
                <optgroup key={a.id} label={a.name}>
                  {plansOf(a.id).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </div>
        <div>
          <label htmlFor="tenant-app" className="block text-sm font-medium text-slate-800">
            App
          </label>
          <select
            id="tenant-app"
            name="app"
            defaultValue={query.app ?? ''}
            className="mt-1 block rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Any</option>
            {getApps().map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="trial" value="1" defaultChecked={query.trial === '1'} /> Trial ending (7 days)
        </label>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="pastDue" value="1" defaultChecked={query.pastDue === '1'} /> Past due
        </label>
        {query.sort && <input type="hidden" name="sort" value={query.sort} />}
        {query.dir && <input type="hidden" name="dir" value={query.dir} />}
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
          Search
        </button>
        <Link href="/admin/tenants" className="pb-2 text-sm text-brand-700 hover:underline">
          Clear
        </Link>
      </form>

      {page ? (
        <>
          <p className="text-sm text-slate-600" aria-live="polite">
            {formatNumber(page.total, 0)} {pluralize(page.total, 'tenant')}
            {page.total > 0 && ` · page ${page.page} of ${formatNumber(page.pageCount, 0)}`}
          </p>

          <Table
            caption={`Tenants, sorted by ${sort} (${dir === 'asc' ? 'ascending' : 'descending'})`}
            columns={COLUMNS}
            rows={page.rows}
            rowKey={(t) => t.id}
            empty="No tenant matches."
            link={{ baseUrl: '/admin/tenants', params: query }}
            sort={{ by: sort, dir }}
            pagination={{ page: page.page, pageCount: page.pageCount }}
          />
        </>
      ) : (
        <Alert tone="error">{checked.error?.issues.map((issue) => issue.message).join(' ')}</Alert>
      )}
    </div>
  )
}
