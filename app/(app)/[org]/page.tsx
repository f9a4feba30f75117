// The instance panel: state, address, plan, version and last deploy of the organization's
// instance; its live workloads; the latest run's step timeline; the admin login, once; retry
// when it failed; the YAML in dry-run mode.
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireOrgPage } from '@/app/_server/org'
import { can } from '@/lib/orgs/roles'
import { isAllowed, STARTING_STATES } from '@/lib/provisioning/lifecycle'
import { getInstanceOverview } from '@/lib/provisioning/get-instance-overview'
import { getProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'
import { getWorkloadStatus } from '@/lib/provisioning/get-workload-status'
import { StepTimeline } from '@/components/dashboard/step-timeline'
import { DryRunNotice, RetryButton, RevealCredentials, WorkloadList } from '@/components/dashboard/instance-actions'
import { VolumeUsage } from '@/components/usage/volume-usage'
import { DescriptionList } from '@/components/ui/description-list'
import { StatusBadge } from '@/components/ui/status-badge'
import { isoDay } from '@/lib/format'

export const metadata: Metadata = { title: 'Instance' }

export default async function InstancePage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { org, membership } = await requireOrgPage(slug)
  const canManage = can(membership.role, 'manage')
  const [instances, status, workloads] = await Promise.all([
    getInstanceOverview(org.id),
    getProvisioningStatus(org.id),
    getWorkloadStatus(org.id),
  ])
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{org.name}</h1>
      {instances.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200">This organization has no instance yet.</p>
      ) : (
        instances.map((instance) => (
          <section
            key={instance.id}
            aria-label={`Instance ${instance.slug}`}
            className="space-y-4 rounded-lg bg-white p-6 ring-1 ring-slate-200"
          >
            <div className="flex items-center gap-3">
              <h2 className="text-lg font-semibold">{instance.url ?? instance.slug}</h2>
              <span data-testid="instance-state">
                <StatusBadge kind="tenant" status={instance.state} />
              </span>
            </div>
            <DescriptionList
              layout="grid"
              columns={4}
              items={[
                { label: 'App', value: <span className="font-medium">{instance.app.name}</span> },
                { label: 'Plan', value: <span className="font-medium capitalize">{instance.planId}</span> },
                { label: 'Version', value: <span className="font-medium">{instance.appVersion ?? '—'}</span> },
                {
                  label: 'Last deploy',
                  value: <span className="font-medium">{instance.lastDeployedAt ? isoDay(instance.lastDeployedAt) : '—'}</span>,
                },
                ...(instance.suspendedAt
                  ? [
                      {
                        label: 'Suspended',
                        value: <span className="font-medium">{instance.suspendReason ?? isoDay(instance.suspendedAt)}</span>,
                      },
                    ]
                  : []),
              ]}
            />
            {canManage && instance.otherAddresses.length > 0 && (
              <ul aria-label="Other addresses" className="space-y-1 text-sm">
                {instance.otherAddresses.map((address) => (
                  <li key={address.url}>
                    <span className="text-slate-500">{address.title}: </span>
                    <a className="font-mono text-brand-700 underline" href={address.url}>
                      {address.url}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {status.tenant?.id === instance.id && (
              <>
                {/* Mounted while the state allows it, so the login shown once stays on screen after the page refreshes. */}
                {canManage && isAllowed('reveal-credentials', instance.state) && (
                  <RevealCredentials orgSlug={org.slug} isAvailable={status.tenant.credentialsReady} />
                )}
                {status.run?.dryRun && <DryRunNotice orgSlug={org.slug} hasManifests={status.run.hasManifests && canManage} />}
                <WorkloadList orgSlug={org.slug} initial={workloads} />
                {canManage && isAllowed('retry', instance.state) && <RetryButton orgSlug={org.slug} />}
                {status.run && (
                  <details open={instance.state !== 'ACTIVE'}>
                    <summary className="cursor-pointer text-sm font-medium">Latest provisioning: {status.run.status.toLowerCase()}</summary>
                    <div className="mt-3">
                      <StepTimeline steps={status.run.steps} />
                    </div>
                  </details>
                )}
                {STARTING_STATES.includes(instance.state) && (
                  <Link className="text-sm font-medium text-brand-700 underline" href={`/${org.slug}/provisioning`}>
                    Follow the provisioning live
                  </Link>
                )}
              </>
            )}
          </section>
        ))
      )}
      {instances.length > 0 && <VolumeUsage orgId={org.id} orgSlug={org.slug} />}
    </div>
  )
}
