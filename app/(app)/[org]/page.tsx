// The instance panel: state, address, version and last deploy of the organization's instance.
import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { getInstanceOverview } from '@/lib/provisioning/get-instance-overview'

export const metadata: Metadata = { title: 'Instance' }

const stateStyle: Record<string, string> = {
  ACTIVE: 'bg-green-100 text-green-800',
  SUSPENDED: 'bg-amber-100 text-amber-800',
  FAILED: 'bg-red-100 text-red-800',
}

export default async function InstancePage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { org } = await requireOrgPage(slug)
  const instances = await getInstanceOverview(org.id)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{org.name}</h1>
      {instances.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200">This organization has no instance yet.</p>
      ) : (
        instances.map((instance) => (
          <section key={instance.id} aria-label={`Instance ${instance.slug}`} className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
            <div className="flex items-center gap-3">
              <h2 className="text-lg font-semibold">{instance.url ?? instance.slug}</h2>
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${stateStyle[instance.state] ?? 'bg-slate-100 text-slate-700'}`}>{instance.state.toLowerCase()}</span>
            </div>
            <dl className="mt-4 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
              <div>
                <dt className="text-slate-500">Plan</dt>
                <dd className="font-medium capitalize">{instance.planId}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Version</dt>
                <dd className="font-medium">{instance.appVersion ?? '—'}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Last deploy</dt>
                <dd className="font-medium">{instance.lastDeployedAt ? instance.lastDeployedAt.toISOString().slice(0, 10) : '—'}</dd>
              </div>
              {instance.suspendedAt && (
                <div>
                  <dt className="text-slate-500">Suspended</dt>
                  <dd className="font-medium">{instance.suspendReason ?? instance.suspendedAt.toISOString().slice(0, 10)}</dd>
                </div>
              )}
            </dl>
          </section>
        ))
      )}
    </div>
  )
}
