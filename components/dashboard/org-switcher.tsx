'use client'

import { useRouter } from 'next/navigation'

/** Shown when the user belongs to several organizations. */
export function OrgSwitcher({ current, orgs }: { current: string; orgs: { slug: string; name: string }[] }) {
  const router = useRouter()
  if (orgs.length < 2) return <span className="text-sm font-medium">{orgs[0]?.name}</span>
  return (
    <label className="text-sm">
      <span className="sr-only">Organization</span>
      <select value={current} onChange={(e) => router.push(`/${e.target.value}`)} className="rounded-md border border-slate-300 px-2 py-1">
        {orgs.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  )
}
