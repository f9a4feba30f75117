// Job health: runs by status (24 h), worker heartbeats, dead letters and failures with replay,
// the newest runs, and the reconciler's findings.
import type { Metadata } from 'next'
import { requireAdminPage } from '@/app/_server/page-scope'
import { replayJobAction } from '@/app/_actions/admin/replay-job'
import { AdminActionButton } from '@/components/admin/admin-action-button'
import { DescriptionList } from '@/components/ui/description-list'
import { Section } from '@/components/ui/section'
import { StatusBadge } from '@/components/ui/status-badge'
import { Table, type Column } from '@/components/ui/table'
import { jobsOverview } from '@/lib/admin/jobs-overview'
import { isoSecond } from '@/lib/format'

export const metadata: Metadata = { title: 'Jobs' }

const when = (d: Date | null) => (d ? isoSecond(d) : '—')
const WORKER_TONE = { alive: 'text-green-800', stale: 'font-semibold text-red-700', stopped: 'text-slate-600' } as const

type Overview = Awaited<ReturnType<typeof jobsOverview>>
type Run = Overview['recent'][number]
type Finding = Overview['openFindings'][number]

const RUN_COLUMNS: Column<Run>[] = [
  { key: 'function', header: 'Function', cell: (r) => r.functionId },
  { key: 'event', header: 'Event', cell: (r) => r.eventName },
  {
    key: 'status',
    header: 'Status',
    cell: (r) => (
      <>
        <StatusBadge kind="job" status={r.status} />
        {r.replayCount ? ` (replayed ${r.replayCount}×)` : ''}
      </>
    ),
  },
  { key: 'attempts', header: 'Attempts', cell: (r) => `${r.attempt}/${r.maxAttempts}` },
  { key: 'created', header: 'Created (UTC)', className: 'whitespace-nowrap', cell: (r) => when(r.createdAt) },
  { key: 'error', header: 'Error', className: 'text-red-700', cell: (r) => r.error?.slice(0, 300) ?? '' },
]

const REPLAY_COLUMN: Column<Run> = {
  key: 'replay',
  header: 'Replay',
  cell: (r) =>
    r.status === 'DEAD' || r.status === 'FAILED' ? (
      <AdminActionButton
        label="Replay"
        title={`Replay ${r.functionId}?`}
        description="The run goes back in the queue with its attempts reset; steps that already succeeded are not run again."
        action={replayJobAction}
        hidden={{ runId: r.id }}
        confirmLabel="Replay"
      />
    ) : null,
}

const FINDING_COLUMNS: Column<Finding>[] = [
  { key: 'kind', header: 'Kind', cell: (f) => f.kind.toLowerCase().replace('_', ' ') },
  { key: 'namespace', header: 'Namespace', cell: (f) => f.namespace },
  { key: 'detail', header: 'Detail', cell: (f) => f.detail },
  {
    key: 'seen',
    header: 'First / last seen (UTC)',
    className: 'whitespace-nowrap',
    cell: (f) => `${when(f.firstSeenAt)} / ${when(f.lastSeenAt)}`,
  },
]

function RunsTable({ runs, caption, withReplay }: { runs: Run[]; caption: string; withReplay?: boolean }) {
  return (
    <Table
      caption={caption}
      variant="plain"
      columns={withReplay ? [...RUN_COLUMNS, REPLAY_COLUMN] : RUN_COLUMNS}
      rows={runs}
      rowKey={(r) => r.id}
      rowAttributes={(r) => ({ 'data-run-status': r.status })}
      rowClassName="align-top"
      empty="None."
      emptyWithoutTable
    />
  )
}

const STATUSES = ['SUCCEEDED', 'RUNNING', 'QUEUED', 'SLEEPING', 'WAITING', 'FAILED', 'DEAD', 'CANCELED']

export default async function JobsPage() {
  await requireAdminPage()
  const o = await jobsOverview()
  const dead = o.failures.filter((r) => r.status === 'DEAD')
  const failed = o.failures.filter((r) => r.status === 'FAILED')
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Jobs</h1>
      <Section title="Last 24 hours" id="h-24h">
        <DescriptionList
          layout="stats"
          columns={4}
          items={STATUSES.map((s) => ({ key: s, label: s.toLowerCase(), value: o.last24h[s] ?? 0 }))}
        />
      </Section>
      <Section title="Workers" id="h-workers">
        {o.heartbeats.length === 0 ? (
          <p className="text-sm text-slate-600">No embedded worker has beaten (jobs may run on Inngest).</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {o.heartbeats.map((h) => (
              <li key={h.workerId}>
                <span className={WORKER_TONE[h.state]}>{h.state}</span> {h.workerId} on {h.hostname} (pid {h.pid}),{' '}
                {h.stoppedAt ? `stopped at ${when(h.stoppedAt)}` : `last beat ${Math.round(h.ageMs / 1000)} s ago`}, up since{' '}
                {when(h.startedAt)}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={`Dead letters (${dead.length})`} id="h-dead">
        <RunsTable runs={dead} caption="Dead runs" withReplay />
      </Section>
      <Section title={`Failed (${failed.length})`} id="h-failed">
        <RunsTable runs={failed} caption="Failed runs" withReplay />
      </Section>
      <Section title="Recent runs" id="h-recent">
        <RunsTable runs={o.recent} caption="Newest runs" />
      </Section>
      <Section title="Reconciler findings" id="h-findings">
        <Table
          caption="Open findings"
          variant="plain"
          columns={FINDING_COLUMNS}
          rows={o.openFindings}
          rowKey={(f) => f.id}
          empty="No open findings: the cluster matches the database."
          emptyWithoutTable
        />
        {o.resolvedFindings.length > 0 && (
          <p className="mt-3 text-sm text-slate-600">
            Recently resolved:{' '}
            {o.resolvedFindings
              .map((f) => `${f.kind.toLowerCase().replace('_', ' ')} ${f.namespace}${f.repaired ? ' (repaired)' : ''}`)
              .join(', ')}
          </p>
        )}
      </Section>
    </div>
  )
}
