// The console tenant page: the instance, its provisioning timeline and its workflow runs.
import { StepTimeline } from '@/components/dashboard/step-timeline'
import { DescriptionList, type DescriptionItem } from '@/components/ui/description-list'
import { Section } from '@/components/ui/section'
import { Table, type Column } from '@/components/ui/table'
import type { TenantDetail } from '@/lib/admin/get-tenant-detail'
import { formatSeconds, isoMinute } from '@/lib/format'

type Run = TenantDetail['runs'][number]

const minute = (iso: string) => `${isoMinute(iso)} UTC`

const RUN_COLUMNS: Column<Run>[] = [
  { key: 'kind', header: 'Kind', cell: (r) => `${r.kind.toLowerCase().replace('_', ' ')}${r.toPlanId ? ` → ${r.toPlanId}` : ''}` },
  { key: 'status', header: 'Status', cell: (r) => r.status.toLowerCase() },
  { key: 'started', header: 'Started', cell: (r) => minute(r.startedAt) },
  {
    key: 'steps',
    header: 'Steps',
    cell: (r) => r.steps.map((s) => `${s.name}${s.durationMs !== null ? ` ${formatSeconds(s.durationMs)}` : ''}`).join(' · '),
  },
  { key: 'error', header: 'Error', cell: (r) => r.error ?? '', className: 'text-red-700' },
]

export function InstanceSection({ tenant, runs }: Pick<TenantDetail, 'tenant' | 'runs'>) {
  const provisionRun = runs.find((r) => r.kind === 'PROVISION')
  const items: DescriptionItem[] = [
    { label: 'Namespace', value: tenant.namespace },
    { label: 'Address', value: tenant.url ?? '—' },
    { label: 'Version', value: tenant.appVersion ?? '—' },
    { label: 'Last deploy', value: tenant.lastDeployedAt ? minute(tenant.lastDeployedAt) : '—' },
  ]
  if (tenant.suspendReason)
    items.push({ label: 'Suspended', value: `${tenant.suspendedAt ? `${minute(tenant.suspendedAt)}: ` : ''}${tenant.suspendReason}` })
  return (
    <Section title="Instance">
      <DescriptionList items={items} />
      {provisionRun && (
        <div className="mt-4">
          <h3 className="mb-2 text-sm font-semibold">
            Provisioning ({provisionRun.status.toLowerCase()}
            {provisionRun.dryRun ? ', dry-run' : ''}, started {minute(provisionRun.startedAt)})
          </h3>
          {provisionRun.error && <p className="mb-2 text-sm text-red-700">{provisionRun.error}</p>}
          <StepTimeline steps={provisionRun.steps} />
        </div>
      )}
      {runs.length > 0 && (
        <div className="mt-4">
          <Table
            caption="Workflow runs (newest first)"
            captionVisible
            variant="plain"
            columns={RUN_COLUMNS}
            rows={runs}
            rowKey={(r) => r.id}
            rowAttributes={(r) => ({ 'data-run-kind': r.kind })}
          />
        </div>
      )}
    </Section>
  )
}
