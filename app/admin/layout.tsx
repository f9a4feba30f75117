import Link from 'next/link'
import { requireSuperAdmin } from '@/app/_server/session'
import { SignOutButton } from '@/components/auth/sign-out-button'

export const dynamic = 'force-dynamic'

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireSuperAdmin()
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-slate-900 text-slate-100">
        <nav aria-label="Admin" className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3 text-sm">
          <Link href="/admin" className="font-semibold">
            Tenancy admin
          </Link>
          <Link href="/admin/mailbox" className="hover:text-white">
            Mailbox
          </Link>
          <span className="ml-auto text-slate-400">{admin.email}</span>
          <SignOutButton className="text-slate-300 hover:text-white" />
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  )
}
