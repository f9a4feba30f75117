'use client'

import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { postJson } from '@/components/auth/post-json'

/**
 * A button that POSTs JSON to one of our routes, shows "pending" while it waits and the route's
 * message when it refuses, and hands the result to `onDone` (a navigation).
 */
export function PostButton<T>({
  url,
  body = {},
  label,
  pendingLabel,
  onDone,
  className,
}: {
  url: string
  body?: unknown
  label: string
  pendingLabel: string
  onDone: (data: T) => void
  className?: string
}) {
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <Button
        disabled={pending}
        className={className}
        onClick={async () => {
          setPending(true)
          setError(null)
          const result = await postJson<T>(url, body)
          if (!result.ok) {
            setPending(false)
            return setError(result.fieldErrors ? Object.values(result.fieldErrors).flat().join(' ') : result.message)
          }
          // Stays pending: onDone navigates away, and a second click must not post again.
          onDone(result.data)
        }}
      >
        {pending ? pendingLabel : label}
      </Button>
    </div>
  )
}
