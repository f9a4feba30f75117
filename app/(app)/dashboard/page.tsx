// Where sign-in lands: the user's organization, a choice of several, or the next step to create one.
import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { requireUserPage } from '@/app/_server/page-scope'
import { listUserOrganizations } from '@/lib/orgs/authorize'
import { ROLE_LABELS } from '@/lib/orgs/roles'

export const metadata: Metadata = { title: 'Dashboard' }
export const dynamic = 'force-dynamic'

export default async function DashboardPage() {
  const user = await requireUserPage('/dashboard')
  const orgs = await listUserOrganizations(user.id)
  if (orgs.length === 1) redirect(`/${orgs[0]!.slug}`)
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Your organizations</h1>
      {orgs.length === 0 ? (
        <p className="mt-4 text-slate-600">
          You are not a member of an organization yet.{' '}
          <Link href="/signup/organization" className="text-brand-600 hover:underline">
            Create one
          </Link>{' '}
          or open the invitation link you were sent.
        </p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
          {orgs.map((org) => (
            <li key={org.id}>
              <Link href={`/${org.slug}`} className="flex justify-between px-4 py-3 hover:bg-slate-50">
                <span className="font-medium">{org.name}</span>
                <span className="text-sm text-slate-500">{ROLE_LABELS[org.role].toLowerCase()}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}
