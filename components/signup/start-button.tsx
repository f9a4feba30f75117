'use client'

import { useRouter } from 'next/navigation'
import { PostButton } from '@/components/ui/post-button'

export function StartButton({ label }: { label: string }) {
  const router = useRouter()
  return (
    <PostButton<{ orgSlug: string; checkoutUrl?: string }>
      url="/api/signup/start"
      className="w-full"
      label={label}
      pendingLabel="Starting…"
      onDone={(data) => (data.checkoutUrl ? window.location.assign(data.checkoutUrl) : router.push(`/${data.orgSlug}/provisioning`))}
    />
  )
}
