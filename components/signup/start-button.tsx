'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { postJson } from '@/components/auth/post-json'

export function StartButton({ label }: { label: string }) {
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
          const result = await postJson<{ orgSlug: string; checkoutUrl?: string }>('/api/signup/start', {})
          if (!result.ok) {
            setPending(false)
            return setError(result.fieldErrors ? Object.values(result.fieldErrors).flat().join(' ') : result.message)
          }
          if (result.data.checkoutUrl) return window.location.assign(result.data.checkoutUrl)
          router.push(`/${result.data.orgSlug}/provisioning`)
        }}
      >
        {pending ? 'Starting…' : label}
      </Button>
    </div>
  )
}
