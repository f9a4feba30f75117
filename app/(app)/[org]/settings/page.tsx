import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { CustomDomainForm, DeletionForm, RenameForm } from '@/components/dashboard/settings-forms'
import { can } from '@/lib/orgs/roles'
import { getCustomDomain } from '@/lib/provisioning/get-custom-domain'
import { formatPrice } from '@/lib/format'
import { Section } from '@/components/ui/section'
import { SignOutButton } from '@/components/auth/sign-out-button'
import { DataExportSection } from '@/components/dashboard/data-export'
import { listDataExports } from '@/lib/orgs/data-export-list'

export const metadata: Metadata = { title: 'Settings' }

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { org, membership, user } = await requireOrgPage(slug)
  const canEdit = can(membership.role, 'manage')
  const domain = canEdit ? await getCustomDomain({ orgId: org.id, userId: user.id }) : null
  const isOwner = can(membership.role, 'own')
  const exports = isOwner ? await listDataExports({ orgId: org.id, userId: user.id }) : []
  return (
    <div className="max-w-2xl space-y-8">
      <h1 className="text-2xl font-semibold">Settings</h1>
      {canEdit && (
        <Section title="General" id="general" padding={6}>
          <RenameForm orgSlug={org.slug} name={org.name} />
        </Section>
      )}
      {domain && (
        <Section title="Custom domain" id="domain" padding={6}>
          {domain.feeCents === null ? (
            <p className="text-sm text-slate-600">
              The {domain.planName} plan serves the instance at {domain.cnameTarget} only. Custom domains come with the paid plans: see{' '}
              <a className="font-semibold underline" href={`/${org.slug}/billing`}>
                Billing
              </a>
              .
            </p>
          ) : (
            <>
              <p data-testid="domain-fee" className="mb-3 text-sm text-slate-600">
                {domain.feeCents === 0
                  ? `Included in the ${domain.planName} plan.`
                  : `${formatPrice({ priceCents: domain.feeCents })} a month on the ${domain.planName} plan, for the days one is served.`}
                {!domain.isReady && ' The instance is busy; change the domain once it is ready.'}
              </p>
              <CustomDomainForm orgSlug={org.slug} domain={domain} canChange={domain.isReady} />
            </>
          )}
        </Section>
      )}
      {isOwner && (
        <Section title="Data export" id="data-export" padding={6}>
          <DataExportSection
            orgSlug={org.slug}
            exports={exports.map((e) => ({
              ...e,
              createdAt: e.createdAt.toISOString(),
              expiresAt: e.expiresAt?.toISOString() ?? null,
            }))}
          />
        </Section>
      )}
      {isOwner && (
        <section aria-labelledby="danger" className="rounded-lg bg-white p-6 ring-1 ring-red-200">
          <h2 id="danger" className="mb-4 font-semibold text-red-700">
            Delete organization
          </h2>
          <DeletionForm orgSlug={org.slug} scheduledFor={org.deletionScheduledFor?.toISOString() ?? null} />
        </section>
      )}
      <Section
        title="Your sessions"
        id="sessions"
        padding={6}
        description="Signed in on another device you no longer use? End every session, this one included."
      >
        <SignOutButton everywhere className="rounded-md px-4 py-2 text-sm font-semibold ring-1 ring-slate-300" />
      </Section>
    </div>
  )
}
