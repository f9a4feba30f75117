// Job health: runs by status (24 h), worker heartbeats, dead letters and failures with replay,
// the newest runs, and the reconciler's findings.
import type { Metadata } from 'next'
import { requireSuperAdmin } from '@/app/_server/session'
import { AdminActionButton } from '@/components/admin/admin-action-button'
import { jobsOverview } from '@/lib/admin/jobs-overview'

export const metadata: Metadata = { title: 'Jobs' }

const when = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 19)}` : '—')

type Run = Awaited<ReturnType<typeof jobsOverview>>['recent'][number]

function RunsTable({ runs, caption, withReplay }: { runs: Run[]; caption: string; withReplay?: boolean }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">None.</p>
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-slate-500">
          <tr>
            <th scope="col" className="py-1 font-medium">
              Function
            </th>
            <th scope="col" className="py-1 font-medium">
              Event
            </th>
            <th scope="col" className="py-1 font-medium">
              Status
            </th>
            <th scope="col" className="py-1 font-medium">
              Attempts
            </th>
            <th scope="col" className="py-1 font-medium">
              Created (UTC)
            </th>
            <th scope="col" className="py-1 font-medium">
              Error
            </th>
            {withReplay && (
              <th scope="col" className="py-1 font-medium">
                Replay
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className="border-t border-slate-100 align-top" data-run-status={r.status}>
              <td className="py-1 pr-2">{r.functionId}</td>
              <td className="py-1 pr-2">{r.eventName}</td>
              <td className="py-1 pr-2">
                {r.status.toLowerCase()}
                {r.replayCount ? ` (replayed ${r.replayCount}×)` : ''}
              </td>
              <td className="py-1 pr-2">
                {r.attempt}/{r.maxAttempts}
              </td>
              <td className="py-1 pr-2 whitespace-nowrap">{when(r.createdAt)}</td>
              <td className="py-1 pr-2 text-red-700">{r.error?.slice(0, 300) ?? ''}</td>
              {withReplay && (
                <td className="py-1">
                  {r.status === 'DEAD' || r.status === 'FAILED' ? (
                    <AdminActionButton
                      label="Replay"
                      title={`Replay ${r.functionId}?`}
                      description="The run goes back in the queue with its attempts reset; steps that already succeeded are not run again."
                      url={`/api/admin/jobs/${r.id}/replay`}
                      confirmLabel="Replay"
                    />
                  ) : null}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default async function JobsPage() {
  await requireSuperAdmin()
  const o = await jobsOverview()
  const dead = o.failures.filter((r) => r.status === 'DEAD')
  const failed = o.failures.filter((r) => r.status === 'FAILED')
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Jobs</h1>
      <section aria-labelledby="h-24h" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-24h" className="mb-3 text-lg font-semibold">
          Last 24 hours
        </h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          {['SUCCEEDED', 'RUNNING', 'QUEUED', 'SLEEPING', 'WAITING', 'FAILED', 'DEAD', 'CANCELED'].map((s) => (
            <div key={s}>
              <dt className="text-sm text-slate-500">{s.toLowerCase()}</dt>
              <dd className="text-xl font-semibold">{o.last24h[s] ?? 0}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="h-workers" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-workers" className="mb-3 text-lg font-semibold">
          Workers
        </h2>
        {o.heartbeats.length === 0 ? (
          <p className="text-sm text-slate-600">No embedded worker has beaten (jobs may run on Inngest).</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {o.heartbeats.map((h) => (
              <li key={h.workerId}>
                <span className={h.isStale ? 'font-semibold text-red-700' : 'text-green-800'}>{h.isStale ? 'stale' : 'alive'}</span>{' '}
                {h.workerId} on {h.hostname} (pid {h.pid}), last beat {Math.round(h.ageMs / 1000)} s ago, up since {when(h.startedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="h-dead" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-dead" className="mb-3 text-lg font-semibold">
          Dead letters ({dead.length})
        </h2>
        <RunsTable runs={dead} caption="Dead runs" withReplay />
      </section>
      <section aria-labelledby="h-failed" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-failed" className="mb-3 text-lg font-semibold">
          Failed ({failed.length})
        </h2>
        <RunsTable runs={failed} caption="Failed runs" withReplay />
      </section>
      <section aria-labelledby="h-recent" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-recent" className="mb-3 text-lg font-semibold">
          Recent runs
        </h2>
        <RunsTable runs={o.recent} caption="Newest runs" />
      </section>
      <section aria-labelledby="h-findings" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-findings" className="mb-3 text-lg font-semibold">
          Reconciler findings
        </h2>
        {o.openFindings.length === 0 ? (
          <p className="text-sm text-slate-600">No open findings: the cluster matches the database.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Open findings</caption>
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  Kind
                </th>
                <th scope="col" className="py-1 font-medium">
                  Namespace
                </th>
                <th scope="col" className="py-1 font-medium">
                  Detail
                </th>
                <th scope="col" className="py-1 font-medium">
                  First / last seen (UTC)
                </th>
              </tr>
            </thead>
            <tbody>
              {o.openFindings.map((f) => (
                <tr key={f.id} className="border-t border-slate-100">
                  <td className="py-1">{f.kind.toLowerCase().replace('_', ' ')}</td>
                  <td className="py-1">{f.namespace}</td>
                  <td className="py-1">{f.detail}</td>
                  <td className="py-1 whitespace-nowrap">
                    {when(f.firstSeenAt)} / {when(f.lastSeenAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {o.resolvedFindings.length > 0 && (
          <p className="mt-3 text-sm text-slate-600">
            Recently resolved:{' '}
            {o.resolvedFindings
              .map((f) => `${f.kind.toLowerCase().replace('_', ' ')} ${f.namespace}${f.repaired ? ' (repaired)' : ''}`)
              .join(', ')}
          </p>
        )}
      </section>
    </div>
  )
}
