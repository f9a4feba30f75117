import Link from 'next/link'
import { requireAdminPage } from '@/app/_server/page-scope'
import { SignOutButton } from '@/components/auth/sign-out-button'
import { readOnlyState } from '@/lib/admin/read-only-state'

export const dynamic = 'force-dynamic'

const LINKS = [
  ['/admin/tenants', 'Tenants'],
  ['/admin/apps', 'Apps'],
  ['/admin/audit', 'Audit log'],
  ['/admin/jobs', 'Jobs'],
  ['/admin/settings', 'Read-only & config'],
  ['/admin/mailbox', 'Mailbox'],
] as const

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdminPage()
  const readOnly = await readOnlyState()
  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#admin-main"
        className={
          'sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900'
        }
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-slate-900 text-slate-100">
        <nav aria-label="Admin" className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-6 py-3 text-sm">
          <Link href="/admin" className="font-semibold">
            Tenancy admin
          </Link>
          {LINKS.map(([href, label]) => (
            <Link key={href} href={href} className="text-slate-200 hover:text-white">
              {label}
            </Link>
          ))}
          <span className="ml-auto text-slate-300">{admin.email}</span>
          <SignOutButton className="text-slate-200 hover:text-white" />
        </nav>
      </header>
      {readOnly.isReadOnly && (
        <div role="status" className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-center text-sm text-amber-900">
          Read-only mode{readOnly.reason ? `: ${readOnly.reason}` : ''}. Changes are refused unless you use{' '}
          <Link href="/admin/settings" className="font-semibold underline">
            break-glass
          </Link>
          .
        </div>
      )}
      <main id="admin-main" className="mx-auto max-w-6xl px-6 py-8">
        {children}
      </main>
    </div>
  )
}
