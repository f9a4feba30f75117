import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { DeletionForm, RenameForm } from '@/components/dashboard/settings-forms'
import { SignOutButton } from '@/components/auth/sign-out-button'

export const metadata: Metadata = { title: 'Settings' }

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { org, membership } = await requireOrgPage(slug)
  const canEdit = membership.role === 'OWNER' || membership.role === 'ADMIN'
  return (
    <div className="max-w-2xl space-y-8">
      <h1 className="text-2xl font-semibold">Settings</h1>
      {canEdit && (
        <section aria-labelledby="general" className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
          <h2 id="general" className="mb-4 font-semibold">
            General
          </h2>
          <RenameForm orgSlug={org.slug} name={org.name} />
        </section>
      )}
      {membership.role === 'OWNER' && (
        <section aria-labelledby="danger" className="rounded-lg bg-white p-6 ring-1 ring-red-200">
          <h2 id="danger" className="mb-4 font-semibold text-red-700">
            Delete organization
          </h2>
          <DeletionForm orgSlug={org.slug} scheduledFor={org.deletionScheduledFor?.toISOString() ?? null} />
        </section>
      )}
      <section aria-labelledby="sessions" className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
        <h2 id="sessions" className="mb-2 font-semibold">
          Your sessions
        </h2>
        <p className="mb-3 text-sm text-slate-600">Signed in on another device you no longer use? End every session, this one included.</p>
        <SignOutButton everywhere className="rounded-md px-4 py-2 text-sm font-semibold ring-1 ring-slate-300" />
      </section>
    </div>
  )
}
