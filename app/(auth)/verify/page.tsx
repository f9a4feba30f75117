import type { Metadata } from 'next'
import { Alert } from '@/components/ui/alert'
import { VerifyEmail } from '@/components/auth/verify-email'

export const metadata: Metadata = { title: 'Verify your email' }

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Verify your email</h1>
      {typeof token === 'string' && token ? (
        <VerifyEmail token={token} />
      ) : (
        <Alert tone="error">This link is incomplete. Open the link from the email again.</Alert>
      )}
    </>
  )
}
