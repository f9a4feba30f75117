import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { getProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'
import { ProvisioningProgress } from '@/components/dashboard/provisioning-progress'

export const metadata: Metadata = { title: 'Provisioning' }

export default async function ProvisioningPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { org, membership } = await requireOrgPage(slug)
  const status = await getProvisioningStatus(org.id)
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">Your instance</h1>
      <ProvisioningProgress orgSlug={org.slug} initial={status} canManage={membership.role !== 'MEMBER'} />
    </div>
  )
}
