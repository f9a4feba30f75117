import type { Metadata } from 'next'
import Link from 'next/link'
import { requireSuperAdmin } from '@/app/_server/session'
import { fleetCounts } from '@/lib/admin/fleet-counts'

export const metadata: Metadata = { title: 'Admin' }

export default async function AdminHome() {
  await requireSuperAdmin()
  const counts = await fleetCounts()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Fleet</h1>
      <dl className="grid gap-4 sm:grid-cols-4">
        {counts.map((c) => (
          <div key={c.label} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
            <dt className="text-sm text-slate-500">{c.label}</dt>
            <dd className="mt-1 text-2xl font-semibold">{c.value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">
        Outgoing mail is in the <Link href="/admin/mailbox" className="text-brand-600 hover:underline">mailbox</Link>.
      </p>
    </div>
  )
}
