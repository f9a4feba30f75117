'use client'

// Sign out (this session) or sign out everywhere (every session of the user): a small form on its
// server action, which ends the session(s), deletes the cookie and goes to /signin — with or
// without JavaScript. `contents` keeps the form out of the layout: the button sits where it did.
import { useActionState } from 'react'
import { signOutAction } from '@/app/_actions/auth/sign-out'
import { signOutEverywhereAction } from '@/app/_actions/auth/sign-out-everywhere'

export function SignOutButton({ className = '', everywhere = false }: { className?: string; everywhere?: boolean }) {
  const [result, formAction, isPending] = useActionState(everywhere ? signOutEverywhereAction : signOutAction, null)
  const label = everywhere ? 'Sign out everywhere' : 'Sign out'
  return (
    <form action={formAction} aria-label={label} className="contents">
      <button type="submit" className={className} disabled={isPending}>
        {label}
      </button>
      {result && !result.ok && (
        <span role="alert" className="text-sm text-red-600">
          {result.message}
        </span>
      )}
    </form>
  )
}
