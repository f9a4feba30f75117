'use client'

import Link from 'next/link'
import { useEffect, useState } from 'react'
import type { ProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'

const STEP_LABELS: Record<string, string> = {
  validate: 'Checking plan, address and capacity',
  namespace: 'Creating the namespace',
  guardrails: 'Applying quota, limits and network policy',
  secrets: 'Generating database password and license',
  install: 'Installing the app',
  'wait-database': 'Waiting for the database',
  'wait-app': 'Waiting for the app',
  ingress: 'Setting up the address and TLS',
  record: 'Recording the address',
  notify: 'Sending the welcome email',
}

/** Polls the status every two seconds until the instance is ready or failed. */
export function ProvisioningProgress({ orgSlug, initial }: { orgSlug: string; initial: ProvisioningStatus }) {
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

  if (!status.tenant) return <p className="text-sm text-slate-600">This organization has no instance.</p>
  return (
    <div className="space-y-4">
      <p role="status" aria-live="polite" className="text-sm font-medium">
        {status.isDone
          ? `Your instance is ready at ${status.tenant.url}.`
          : status.isFailed
            ? 'Provisioning failed. Our team has been notified and will retry.'
            : status.run
              ? 'Provisioning your instance…'
              : 'Queued: waiting for the provisioner to start.'}
      </p>
      {status.run && (
        <ol aria-label="Provisioning steps" className="space-y-2">
          {status.run.steps.map((step) => (
            <li key={step.name} className="flex items-center justify-between rounded-md bg-white px-4 py-2 text-sm ring-1 ring-slate-200">
              <span>{STEP_LABELS[step.name] ?? step.name}</span>
              <span className={step.status === 'FAILED' ? 'text-red-700' : step.status === 'SUCCEEDED' ? 'text-green-700' : 'text-slate-500'}>
                {step.status === 'SUCCEEDED' ? `done${step.durationMs !== null ? ` in ${(step.durationMs / 1000).toFixed(1)} s` : ''}` : step.status === 'FAILED' ? `failed${step.message ? `: ${step.message}` : ''}` : 'working…'}
              </span>
            </li>
          ))}
        </ol>
      )}
      {status.isDone && (
        <Link href={`/${orgSlug}`} className="inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white">
          Go to the dashboard
        </Link>
      )}
    </div>
  )
}
