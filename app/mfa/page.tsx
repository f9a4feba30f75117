// Super-admins pass TOTP here before the admin console answers. Everyone else gets 404.
import type { Metadata } from 'next'
import { notFound, redirect } from 'next/navigation'
import { MfaPanel } from '@/components/auth/mfa-panel'
import { currentUser } from '@/app/_server/session'

export const metadata: Metadata = { title: 'Two-factor authentication' }
export const dynamic = 'force-dynamic'

export default async function MfaPage() {
  const user = await currentUser()
  if (!user) redirect('/signin?next=/mfa')
  if (!user.isSuperAdmin) notFound()
  if (user.isMfaVerified) redirect('/admin')
  return (
    <div className="flex min-h-screen flex-col items-center bg-slate-50 px-4 py-12">
      <main className="w-full max-w-md rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="mb-2 text-2xl font-semibold">{user.hasTotp ? 'Two-factor authentication' : 'Set up two-factor authentication'}</h1>
        <p className="mb-6 text-sm text-slate-600">The admin console requires a second factor for every session.</p>
        <MfaPanel mode={user.hasTotp ? 'verify' : 'enroll'} />
      </main>
    </div>
  )
}
