'use client'

import { useRouter } from 'next/navigation'
import { PostButton } from '@/components/ui/post-button'

export function AcceptInvitation({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter()
  return (
    <PostButton<{ orgSlug: string }>
      url="/api/invitations/accept"
      body={{ token }}
      className="w-full"
      label={`Join ${orgName}`}
      pendingLabel="Joining…"
      onDone={(data) => router.push(`/${data.orgSlug}`)}
    />
  )
}
