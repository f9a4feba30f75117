import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { can } from '@/lib/orgs/roles'
import { getProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'
import { ProvisioningProgress } from '@/components/dashboard/provisioning-progress'

export const metadata: Metadata = { title: 'Provisioning' }

export default async function ProvisioningPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { org, membership } = await requireOrgPage(slug)
  const status = await getProvisioningStatus(org.id)
  const isWaiting = status.tenant !== null && !status.isDone && !status.isFailed
  return (
    <div className="max-w-2xl space-y-4">
      {/* Without JavaScript nothing polls: the page reloads itself, and hands over to the dashboard when the instance is ready. */}
      {(isWaiting || status.isDone) && (
        <noscript>
          <meta httpEquiv="refresh" content={status.isDone ? `3;url=/${org.slug}` : '2'} />
        </noscript>
      )}
      <h1 className="text-2xl font-semibold">Your instance</h1>
      <ProvisioningProgress
        key={status.tenant?.state ?? 'none'}
        orgSlug={org.slug}
        initial={status}
        canManage={can(membership.role, 'manage')}
      />
    </div>
  )
}
