'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { postJson } from '@/components/auth/post-json'

export function AcceptInvitation({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <Button
        disabled={pending}
        className="w-full"
        onClick={async () => {
          setPending(true)
          const result = await postJson<{ orgSlug: string }>('/api/invitations/accept', { token })
          setPending(false)
          if (!result.ok) return setError(result.message)
          router.push(`/${result.data.orgSlug}`)
        }}
      >
        {pending ? 'Joining…' : `Join ${orgName}`}
      </Button>
    </div>
  )
}
