'use client'

import { useEffect, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { retryProvisioningAction } from '@/app/_actions/provisioning/retry-provisioning'
import { revealCredentialsAction } from '@/app/_actions/provisioning/reveal-credentials'
import type { WorkloadStatus } from '@/lib/provisioning/get-workload-status'

export function DryRunNotice({ orgSlug, hasManifests }: { orgSlug: string; hasManifests: boolean }) {
  return (
    <Alert tone="info">
      Dry-run cluster: every step ran and every manifest was validated, but nothing was applied to a cluster.{' '}
      {hasManifests && (
        <a className="font-medium underline" href={`/api/orgs/${orgSlug}/instance/manifests`}>
          Download the YAML
        </a>
      )}
    </Alert>
  )
}

/** A new provisioning run for a failed instance; the action takes the browser to the progress page. */
export function RetryButton({ orgSlug }: { orgSlug: string }) {
  return (
    <ActionForm action={retryProvisioningAction} aria-label="Retry provisioning">
      <input type="hidden" name="org" value={orgSlug} />
      <SubmitButton pendingLabel="Retrying…">Retry provisioning</SubmitButton>
    </ActionForm>
  )
}

function ShownOnce({ credentials }: { credentials: { email: string; password: string } }) {
  return (
    <Alert tone="success">
      <p className="font-medium">Admin login for your instance — shown only this once. Store it in your password manager now.</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 font-mono text-xs">
        <dt>Email</dt>
        <dd data-testid="admin-email">{credentials.email}</dd>
        <dt>Password</dt>
        <dd data-testid="admin-password">{credentials.password}</dd>
      </dl>
    </Alert>
  )
}

function RevealButton({ isAvailable }: { isAvailable: boolean }) {
  const result = useActionResult()
  if (result?.ok || !isAvailable) return null
  return <SubmitButton pendingLabel="Fetching…">Show the admin login (once)</SubmitButton>
}

/**
 * The first admin login of the instance, fetched (and thereby cleared) on request. The page keeps
 * this mounted after the login is gone (`isAvailable` false), so the refresh that follows the
 * action leaves the login on screen; it lives in the action's result only, never in a field.
 */
export function RevealCredentials({ orgSlug, isAvailable }: { orgSlug: string; isAvailable: boolean }) {
  return (
    <ActionForm action={revealCredentialsAction} onSuccess={(credentials) => <ShownOnce credentials={credentials} />} className="space-y-2">
      <input type="hidden" name="org" value={orgSlug} />
      <RevealButton isAvailable={isAvailable} />
    </ActionForm>
  )
}

/** Each workload's ready/desired replicas, refreshed every five seconds. */
export function WorkloadList({ orgSlug, initial }: { orgSlug: string; initial: WorkloadStatus }) {
  const [status, setStatus] = useState(initial)
  useEffect(() => {
    if (status.mode === 'dry-run') return
    const timer = setInterval(async () => {
      const response = await fetch(`/api/orgs/${orgSlug}/instance/workloads`, { cache: 'no-store' })
      if (!response.ok) return
      const result = (await response.json()) as { ok: boolean; data: WorkloadStatus }
      if (result.ok) setStatus(result.data)
    }, 5_000)
    return () => clearInterval(timer)
  }, [orgSlug, status.mode])
  if (status.mode === 'dry-run') return null
  if (!status.available)
    return <p className="text-sm text-amber-700">The cluster did not answer; workload status is unavailable right now.</p>
  const health = status.health && (
    <p data-testid="app-health" className={`text-sm ${status.health.healthy ? 'text-green-700' : 'text-amber-700'}`}>
      {status.health.healthy ? 'The app answers its health check' : 'The app does not answer its health check'} ({status.health.check}:{' '}
      {status.health.detail})
    </p>
  )
  if (status.workloads.length === 0)
    return (
      <>
        {health}
        <p className="text-sm text-slate-500">No workloads are running.</p>
      </>
    )
  return (
    <>
      {health}
      <ul aria-label="Workloads" className="divide-y divide-slate-100 text-sm">
        {status.workloads.map((w) => (
          <li key={`${w.kind}/${w.name}`} className="flex justify-between py-1.5">
            <span>
              {w.kind} <span className="font-mono">{w.name}</span>
            </span>
            <span className={w.ready >= w.desired && w.desired > 0 ? 'text-green-700' : 'text-amber-700'}>
              {w.ready}/{w.desired} ready
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
