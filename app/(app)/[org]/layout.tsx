import Link from 'next/link'
import { requireOrgPage } from '@/app/_server/org'
import { listUserOrganizations } from '@/lib/orgs/authorize'
import { OrgSwitcher } from '@/components/dashboard/org-switcher'
import { SignOutButton } from '@/components/auth/sign-out-button'
import { BillingBanner } from '@/components/billing/billing-banner'

export const dynamic = 'force-dynamic'

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { user, org } = await requireOrgPage(slug)
  const orgs = await listUserOrganizations(user.id)
  const nav = [
    { href: `/${org.slug}`, label: 'Instance' },
    { href: `/${org.slug}/usage`, label: 'Usage' },
    { href: `/${org.slug}/invoices`, label: 'Invoices' },
    { href: `/${org.slug}/billing`, label: 'Billing' },
    { href: `/${org.slug}/members`, label: 'Members' },
    { href: `/${org.slug}/settings`, label: 'Settings' },
  ]
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <Link href="/dashboard" className="font-bold tracking-tight">
            Tenancy
          </Link>
          <OrgSwitcher current={org.slug} orgs={orgs.map((o) => ({ slug: o.slug, name: o.name }))} />
          <nav aria-label="Organization" className="flex gap-4 text-sm font-medium text-slate-600">
            {nav.map((item) => (
              <Link key={item.href} href={item.href} className="hover:text-slate-900">
                {item.label}
              </Link>
            ))}
          </nav>
          <span className="ml-auto text-sm text-slate-500">{user.email}</span>
          <SignOutButton className="text-sm text-slate-600 hover:text-slate-900" />
        </div>
      </header>
      <BillingBanner orgId={org.id} orgSlug={org.slug} />
      {org.deletionScheduledFor && (
        <div role="status" className="bg-amber-50 px-6 py-2 text-center text-sm text-amber-800">
          This organization is scheduled for deletion on {org.deletionScheduledFor.toISOString().slice(0, 10)}.
        </div>
      )}
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  )
}
