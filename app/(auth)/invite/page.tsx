// The link in an invitation email: who invited you where, then sign in or create an account with
// the invited address, and accept.
import type { Metadata } from 'next'
import Link from 'next/link'
import { Alert } from '@/components/ui/alert'
import { AcceptInvitation } from '@/components/dashboard/accept-invitation'
import { currentUser } from '@/app/_server/session'
import { describeInvitation } from '@/lib/orgs/get-invitation'
import { ROLE_LABELS } from '@/lib/orgs/roles'
import { isAppError } from '@/lib/errors/app-error'

export const metadata: Metadata = { title: 'Invitation' }
export const dynamic = 'force-dynamic'

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams
  const invitation =
    typeof token === 'string' && token
      ? await describeInvitation(token).catch((error: unknown) => {
          if (isAppError(error) && error.code === 'NOT_FOUND') return null
          throw error
        })
      : null
  if (!invitation || !token) return <Alert tone="error">This invitation link is not valid. Ask for a new invitation.</Alert>
  if (invitation.status !== 'pending') return <Alert tone="error">This invitation was {invitation.status}. Ask for a new one.</Alert>
  const user = await currentUser()
  const here = `/invite?token=${encodeURIComponent(token)}`
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Join {invitation.orgName}</h1>
      <p className="mb-6 text-sm text-slate-600">
        You were invited as {ROLE_LABELS[invitation.role]} ({invitation.email}). The invitation expires on{' '}
        {invitation.expiresAt.toISOString().slice(0, 10)}.
      </p>
      {user ? (
        user.email === invitation.email ? (
          <AcceptInvitation token={token} orgName={invitation.orgName} />
        ) : (
          <Alert tone="warning">
            You are signed in as {user.email}. Sign out and sign in as {invitation.email} to accept.
          </Alert>
        )
      ) : (
        <div className="flex gap-3">
          <Link
            href={`/signup?next=${encodeURIComponent(here)}`}
            className="flex-1 rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-semibold text-white"
          >
            Create an account
          </Link>
          <Link
            href={`/signin?next=${encodeURIComponent(here)}`}
            className="flex-1 rounded-md px-4 py-2 text-center text-sm font-semibold ring-1 ring-slate-300"
          >
            Sign in
          </Link>
        </div>
      )}
    </>
  )
}
