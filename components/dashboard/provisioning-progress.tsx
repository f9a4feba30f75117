'use client'

import { useRouter } from 'next/navigation'
import Link from 'next/link'
import { useEffect, useState } from 'react'
import type { ProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'
import { isAllowed } from '@/lib/provisioning/lifecycle'
import { StepTimeline } from './step-timeline'
import { DryRunNotice, RetryButton } from './instance-actions'

/**
 * Polls the status every two seconds until the instance is ready or failed; when it is ready the
 * page hands over to the dashboard (where the admin login is shown once). `canManage`: the viewer
 * may manage the organization (lib/orgs/roles.ts); the page keys this on the instance's state, so
 * a retry (which brings the browser back here) starts polling afresh.
 */
export function ProvisioningProgress({
  orgSlug,
  initial,
  canManage,
}: {
  orgSlug: string
  initial: ProvisioningStatus
  canManage: boolean
}) {
  const router = useRouter()
  const [status, setStatus] = useState(initial)
  useEffect(() => {
    if (status.isDone || status.isFailed) return
    const timer = setInterval(async () => {
      const response = await fetch(`/api/orgs/${orgSlug}/provisioning`, { cache: 'no-store' })
      if (!response.ok) return
      const result = (await response.json()) as { ok: boolean; data: ProvisioningStatus }
      if (result.ok) setStatus(result.data)
    }, 2_000)
    return () => clearInterval(timer)
  }, [orgSlug, status.isDone, status.isFailed])
  useEffect(() => {
    if (!status.isDone) return
    const timer = setTimeout(() => router.push(`/${orgSlug}`), 2_500)
    return () => clearTimeout(timer)
  }, [status.isDone, orgSlug, router])

  if (!status.tenant) return <p className="text-sm text-slate-600">This organization has no instance.</p>
  return (
    <div className="space-y-4">
      <p role="status" aria-live="polite" className="text-sm font-medium">
        {status.isDone
          ? `Your instance is ready at ${status.tenant.url}. Taking you to the dashboard…`
          : status.isFailed
            ? `Provisioning failed${status.run?.error ? `: ${status.run.error}` : ''}.`
            : status.run
              ? 'Provisioning your instance…'
              : 'Queued: waiting for the provisioner to start.'}
      </p>
      {status.run?.dryRun && <DryRunNotice orgSlug={orgSlug} hasManifests={status.run.hasManifests && canManage} />}
      {status.run && <StepTimeline steps={status.run.steps} />}
      {canManage && isAllowed('retry', status.tenant.state) && <RetryButton orgSlug={orgSlug} />}
      {status.isDone && (
        <Link href={`/${orgSlug}`} className="inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white">
          Go to the dashboard
        </Link>
      )}
    </div>
  )
}
