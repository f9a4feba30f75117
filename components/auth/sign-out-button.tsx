'use client'

import { useRouter } from 'next/navigation'
import { postJson } from './post-json'

export function SignOutButton({ className = '', everywhere = false }: { className?: string; everywhere?: boolean }) {
  const router = useRouter()
  return (
    <button
      type="button"
      className={className}
      onClick={async () => {
        await postJson(everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out', {})
        router.push('/signin')
        router.refresh()
      }}
    >
      {everywhere ? 'Sign out everywhere' : 'Sign out'}
    </button>
  )
}
