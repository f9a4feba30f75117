// The tenants table: server-side search, filters, sort and pages, all in the URL (shareable,
// works without JavaScript, keyboard: a form and links).
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireSuperAdmin } from '@/app/_server/session'
import { TenantStateBadge } from '@/components/admin/tenant-state-badge'
import { listTenants, TENANT_STATES } from '@/lib/admin/list-tenants'
import { getCatalog } from '@/lib/plans/catalog'
import { parseTenantQuery, tenantsHref, toListInput, type TenantQuery } from './search-params'

export const metadata: Metadata = { title: 'Tenants' }

const COLUMNS: { key: NonNullable<TenantQuery['sort']> | null; label: string }[] = [
  { key: 'name', label: 'Organization' },
  { key: 'slug', label: 'Slug / namespace' },
  { key: null, label: 'Owner' },
  { key: 'plan', label: 'Plan' },
  { key: 'state', label: 'State' },
  { key: null, label: 'Subscription' },
  { key: 'created', label: 'Created' },
]

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSuperAdmin()
  const query = parseTenantQuery(await searchParams)
  const page = await listTenants(toListInput(query))
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
            {getCatalog().map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
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

      <p className="text-sm text-slate-600" aria-live="polite">
        {page.total.toLocaleString('en-US')} {page.total === 1 ? 'tenant' : 'tenants'}
        {page.total > 0 && ` · page ${page.page} of ${page.pageCount.toLocaleString('en-US')}`}
      </p>

      <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            Tenants, sorted by {sort} ({dir === 'asc' ? 'ascending' : 'descending'})
          </caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              {COLUMNS.map((c) => {
                const isSorted = c.key === sort
                const nextDir = isSorted && dir === 'asc' ? 'desc' : 'asc'
                return (
                  <th
                    key={c.label}
                    scope="col"
                    aria-sort={isSorted ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    className="px-4 py-2 font-medium"
                  >
                    {c.key ? (
                      <Link href={tenantsHref(query, { sort: c.key, dir: nextDir, page: undefined })} className="hover:underline">
                        {c.label}
                        {isSorted ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
                        <span className="sr-only">, sort {nextDir === 'asc' ? 'ascending' : 'descending'}</span>
                      </Link>
                    ) : (
                      c.label
                    )}
                  </th>
                )
              })}
            </tr>
          </thead>
          <tbody>
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="px-4 py-6 text-center text-slate-600">
                  No tenant matches.
                </td>
              </tr>
            )}
            {page.rows.map((t) => (
              <tr key={t.id} className="border-t border-slate-100">
                <td className="px-4 py-2">
                  <Link href={`/admin/tenants/${t.id}`} className="font-medium text-brand-700 hover:underline">
                    {t.org.name}
                  </Link>
                </td>
                <td className="px-4 py-2">
                  <div>{t.slug}</div>
                  <div className="text-xs text-slate-500">{t.namespace}</div>
                </td>
                <td className="px-4 py-2">{t.ownerEmail ?? '—'}</td>
                <td className="px-4 py-2">{t.planId}</td>
                <td className="px-4 py-2">
                  <TenantStateBadge state={t.state} />
                </td>
                <td className="px-4 py-2 text-slate-600">
                  {t.subscription ? t.subscription.status.toLowerCase().replace('_', ' ') : '—'}
                  {t.subscription?.trialEndsAt && t.subscription.status === 'TRIALING' && (
                    <div className="text-xs">ends {t.subscription.trialEndsAt.toISOString().slice(0, 10)}</div>
                  )}
                </td>
                <td className="px-4 py-2 text-slate-600">
                  <time dateTime={t.createdAt.toISOString()}>{t.createdAt.toISOString().slice(0, 10)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {page.pageCount > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
          {page.page > 1 ? (
            <Link href={tenantsHref(query, { page: page.page - 1 })} className="text-brand-700 hover:underline">
              ← Previous
            </Link>
          ) : (
            <span className="text-slate-500">← Previous</span>
          )}
          <span>
            Page {page.page} of {page.pageCount.toLocaleString('en-US')}
          </span>
          {page.page < page.pageCount ? (
            <Link href={tenantsHref(query, { page: page.page + 1 })} className="text-brand-700 hover:underline">
              Next →
            </Link>
          ) : (
            <span className="text-slate-500">Next →</span>
          )}
        </nav>
      )}
    </div>
  )
}
