// Super-admins pass TOTP here before the admin console answers. Everyone else gets 404.
// Enrolment starts when the page is rendered (a new key each time it opens; it is active only once
// a code from the app confirms it). Once this session is verified the page says so, and right
// after the enrolment shows the recovery codes: the same panel at the same place in the tree, so
// the confirming action's result survives the page rendered again after it (with or without JavaScript).
import type { Metadata } from 'next'
import { notFound, redirect } from 'next/navigation'
import { MfaPanel } from '@/components/auth/mfa-panel'
import { currentUser } from '@/app/_server/session'
import { beginTotpEnrollment } from '@/lib/auth/begin-totp-enrollment'

export const metadata: Metadata = { title: 'Two-factor authentication' }
export const dynamic = 'force-dynamic'

export default async function MfaPage() {
  const user = await currentUser()
  if (!user) redirect('/signin?next=/mfa')
  if (!user.isSuperAdmin) notFound()
  const mode = !user.hasTotp ? 'enroll' : user.isMfaVerified ? 'done' : 'verify'
  const enrollment = mode === 'enroll' ? await beginTotpEnrollment(user.id) : undefined
  return (
    <div className="flex min-h-screen flex-col items-center bg-slate-50 px-4 py-12">
      <main className="w-full max-w-md rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="mb-2 text-2xl font-semibold">
          {mode === 'enroll' ? 'Set up two-factor authentication' : 'Two-factor authentication'}
        </h1>
        <p className="mb-6 text-sm text-slate-600">The admin console requires a second factor for every session.</p>
        <MfaPanel
          mode={mode}
          enrollment={enrollment && { qrCodeDataUrl: enrollment.qrCodeDataUrl, secretBase32: enrollment.secretBase32 }}
        />
      </main>
    </div>
  )
}
