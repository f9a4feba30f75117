'use client'

// Settings → Data export (owners): ask for an export of the organization's data, and the exports
// asked for so far with their state; a ready one links its download until it expires. The form
// works without JavaScript (a plain post, the page rendered again with the result) and with it.
import { ActionForm, SubmitButton } from '@/components/ui/action-form'
import { StatusBadge } from '@/components/ui/status-badge'
import { Table } from '@/components/ui/table'
import { formatBytes, longDateTime } from '@/lib/format'
import { requestDataExportAction } from '@/app/_actions/orgs/request-data-export'

export interface DataExportRow {
  id: string
  status: 'QUEUED' | 'BUILDING' | 'READY' | 'FAILED' | 'EXPIRED'
  createdAt: string
  expiresAt: string | null
  sizeBytes: number | null
  requestedBy: string | null
  error: string | null
  isDownloadable: boolean
  downloadPath: string
}

// The job colours: waiting, running, done, failed, ended.
const BADGE: Record<DataExportRow['status'], { status: string; label: string }> = {
  QUEUED: { status: 'QUEUED', label: 'queued' },
  BUILDING: { status: 'RUNNING', label: 'building' },
  READY: { status: 'SUCCEEDED', label: 'ready' },
  FAILED: { status: 'FAILED', label: 'failed' },
  EXPIRED: { status: 'CANCELED', label: 'expired' },
}

function Availability({ row }: { row: DataExportRow }) {
  if (row.isDownloadable)
    return (
      <span className="space-x-2">
        <a className="font-semibold underline" href={row.downloadPath} download>
          Download
        </a>
        <span className="text-slate-600">
          {row.sizeBytes !== null && `${formatBytes(row.sizeBytes)}, `}until {row.expiresAt ? longDateTime(row.expiresAt) : '—'}
        </span>
      </span>
    )
  if (row.status === 'EXPIRED') return <span className="text-slate-600">Deleted{row.expiresAt && ` ${longDateTime(row.expiresAt)}`}</span>
  if (row.status === 'FAILED') return <span className="text-red-700">{row.error ?? 'The export failed'}; ask for a new one.</span>
  return <span className="text-slate-600">Being built; you get an email when it is ready.</span>
}

export function DataExportSection({ orgSlug, exports }: { orgSlug: string; exports: DataExportRow[] }) {
  const isBusy = exports.some((e) => e.status === 'QUEUED' || e.status === 'BUILDING')
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        One JSON file with the organization, its members and invitations, invoices, usage and audit log. It is built in the background; you
        get an email when it is ready, and it can be downloaded for 7 days, then it is deleted.
      </p>
      <ActionForm action={requestDataExportAction} success="Export requested. You get an email when it is ready." aria-label="Export data">
        <input type="hidden" name="org" value={orgSlug} />
        <SubmitButton variant="secondary" disabled={isBusy}>
          Export data
        </SubmitButton>
      </ActionForm>
      {exports.length > 0 && (
        <Table
          caption="Data exports"
          rows={exports}
          rowKey={(e) => e.id}
          rowAttributes={(e) => ({ 'data-export': e.id, 'data-status': e.status })}
          columns={[
            { key: 'created', header: 'Asked for', cell: (e) => longDateTime(e.createdAt), isRowHeader: true },
            { key: 'by', header: 'By', className: 'text-slate-600', cell: (e) => e.requestedBy ?? '—' },
            {
              key: 'status',
              header: 'State',
              cell: (e) => (
                <StatusBadge kind="job" status={BADGE[e.status].status}>
                  {BADGE[e.status].label}
                </StatusBadge>
              ),
            },
            { key: 'download', header: 'Download', cell: (e) => <Availability row={e} /> },
          ]}
        />
      )}
    </div>
  )
}
