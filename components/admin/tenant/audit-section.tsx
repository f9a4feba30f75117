// The console tenant page: the latest audit entries about this tenant, with a link to all of them.
import Link from 'next/link'
import { Section } from '@/components/ui/section'
import { Table, type Column } from '@/components/ui/table'
import type { TenantDetail } from '@/lib/admin/get-tenant-detail'
import { isoMinute } from '@/lib/format'

type Entry = TenantDetail['audit'][number]

const shown = (value: unknown) => value !== null && value !== undefined

const COLUMNS: Column<Entry>[] = [
  { key: 'when', header: 'When', cell: (a) => `${isoMinute(a.at)} UTC`, className: 'whitespace-nowrap' },
  { key: 'action', header: 'Action', cell: (a) => a.action },
  { key: 'by', header: 'By', cell: (a) => a.actorEmail ?? a.actorType.toLowerCase() },
  { key: 'reason', header: 'Reason', cell: (a) => a.reason ?? '' },
  {
    key: 'change',
    header: 'Change',
    className: 'font-mono text-xs break-all',
    cell: (a) => `${shown(a.before) ? `${JSON.stringify(a.before)} → ` : ''}${shown(a.after) ? JSON.stringify(a.after) : ''}`,
  },
]

export function AuditSection({ tenantId, audit }: { tenantId: string; audit: TenantDetail['audit'] }) {
  return (
    <Section title="Audit log">
      <p className="mb-2 text-sm">
        <Link href={`/admin/audit?tenantId=${tenantId}`} className="text-brand-700 hover:underline">
          All entries for this tenant
        </Link>
      </p>
      <Table
        caption="Audit entries, newest first"
        variant="plain"
        columns={COLUMNS}
        rows={audit}
        rowKey={(a) => a.id}
        rowClassName="align-top"
        rowAttributes={(a) => ({ 'data-audit-action': a.action })}
        empty="No entries."
        emptyWithoutTable
      />
    </Section>
  )
}
