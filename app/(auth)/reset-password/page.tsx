import type { Metadata } from 'next'
import { Alert } from '@/components/ui/alert'
import { ResetPasswordForm } from '@/components/auth/reset-password-form'

export const metadata: Metadata = { title: 'Choose a new password' }

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Choose a new password</h1>
      {typeof token === 'string' && token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert tone="error">This link is incomplete. Open the link from the email again.</Alert>
      )}
    </>
  )
}
