// The apps of the catalog: each one's chart source and pinned version, its versions (the default
// marked), its plans, and its tenants per app version; tenants of apps no longer in the catalog apart.
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireAdminPage } from '@/app/_server/page-scope'
import { DescriptionList } from '@/components/ui/description-list'
import { Section } from '@/components/ui/section'
import { Table, type Column } from '@/components/ui/table'
import { listApps, type AppSummary, type ChartSourceView, type VersionCount } from '@/lib/admin/list-apps'
import { formatNumber, formatPrice, pluralize } from '@/lib/format'

export const metadata: Metadata = { title: 'Apps' }

type Version = AppSummary['versions'][number]
type PlanRow = AppSummary['plans'][number]

/** Tenant.appVersion is recorded when the chart is installed: a tenant not provisioned yet (or seeded) has none. */
const NO_VERSION = 'None recorded (not installed yet)'

const SOURCE_KIND = { path: 'Path', repository: 'Chart repository', oci: 'OCI registry' } as const

function ChartSource({ source }: { source: ChartSourceView }) {
  return (
    <>
      {SOURCE_KIND[source.kind]}: <code className="text-xs">{source.location}</code>
      {source.name && (
        <>
          {' '}
          chart <code className="text-xs">{source.name}</code>
        </>
      )}
    </>
  )
}

const VERSION_COLUMNS: Column<Version>[] = [
  { key: 'chart', header: 'Chart version', isRowHeader: true, cell: (v) => v.chart },
  { key: 'app', header: 'App version', cell: (v) => v.app },
  { key: 'default', header: 'Default', cell: (v) => (v.isDefault ? 'Default for new tenants' : '') },
]

const COUNT_COLUMNS: Column<VersionCount>[] = [
  { key: 'version', header: 'App version', isRowHeader: true, cell: (c) => c.appVersion ?? NO_VERSION },
  {
    key: 'charts',
    header: 'Chart versions',
    cell: (c) => (c.charts.length ? c.charts.join(', ') : c.appVersion === null ? '—' : 'Not listed any more'),
  },
  { key: 'tenants', header: 'Tenants', align: 'right', cell: (c) => formatNumber(c.tenants, 0) },
]

const PLAN_COLUMNS: Column<PlanRow>[] = [
  { key: 'name', header: 'Plan', isRowHeader: true, cell: (p) => p.name },
  { key: 'id', header: 'Id', cell: (p) => <code className="text-xs">{p.id}</code> },
  { key: 'price', header: 'Price per month', align: 'right', cell: (p) => formatPrice(p) },
]

function AppSection({ app }: { app: AppSummary }) {
  return (
    <Section title={app.name} id={`h-app-${app.id}`} description={app.description || undefined}>
      <div data-app={app.id} className="space-y-4">
        <DescriptionList
          items={[
            { label: 'Id', value: <code className="text-xs">{app.id}</code> },
            { label: 'Chart source', value: <ChartSource source={app.chart} /> },
            { label: 'Pinned chart version', value: app.chart.version },
            { label: 'Sold', value: app.isSold ? 'Yes' : 'No (not in APPS_SOLD)' },
            {
              label: 'Tenants',
              testId: 'app-tenants',
              value: (
                <Link href={`/admin/tenants?app=${encodeURIComponent(app.id)}`} className="text-brand-700 hover:underline">
                  {formatNumber(app.tenants, 0)} {pluralize(app.tenants, 'tenant')}
                </Link>
              ),
            },
          ]}
        />
        <Table
          caption={`Versions of ${app.name}`}
          captionVisible
          variant="plain"
          columns={VERSION_COLUMNS}
          rows={app.versions}
          rowKey={(v) => v.chart}
          rowAttributes={(v) => ({ 'data-default-version': v.isDefault ? 'true' : undefined })}
        />
        <Table
          caption={`Tenants of ${app.name} per app version`}
          captionVisible
          variant="plain"
          columns={COUNT_COLUMNS}
          rows={app.tenantsByVersion}
          rowKey={(c) => c.appVersion ?? ''}
        />
        <Table
          caption={`Plans of ${app.name}`}
          captionVisible
          variant="plain"
          columns={PLAN_COLUMNS}
          rows={app.plans}
          rowKey={(p) => p.id}
          empty="No plan."
        />
      </div>
    </Section>
  )
}

export default async function AppsPage() {
  await requireAdminPage()
  const overview = await listApps()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Apps</h1>
      <p className="text-sm text-slate-600">
        {`${formatNumber(overview.apps.length, 0)} ${pluralize(overview.apps.length, 'app')} in the catalog, `}
        {`${formatNumber(overview.tenants, 0)} ${pluralize(overview.tenants, 'tenant')} (deprovisioned ones not counted).`}
      </p>
      {overview.apps.map((app) => (
        <AppSection key={app.id} app={app} />
      ))}
      {overview.removed.length > 0 && (
        <Section
          title="Apps no longer in the catalog"
          description="Tenants whose app was removed from the catalog: what needs its definition, provisioning first, fails for them."
        >
          <Table
            caption="Tenants of apps no longer in the catalog, per app version"
            variant="plain"
            columns={[
              { key: 'app', header: 'App id', isRowHeader: true, cell: (r) => <code className="text-xs">{r.id}</code> },
              { key: 'version', header: 'App version', cell: (r) => r.appVersion ?? NO_VERSION },
              { key: 'tenants', header: 'Tenants', align: 'right', cell: (r) => formatNumber(r.tenants, 0) },
            ]}
            rows={overview.removed.flatMap((app) => app.tenantsByVersion.map((c) => ({ id: app.id, ...c })))}
            rowKey={(r) => `${r.id}@${r.appVersion ?? ''}`}
            rowAttributes={(r) => ({ 'data-removed-app': r.id })}
          />
        </Section>
      )}
    </div>
  )
}
