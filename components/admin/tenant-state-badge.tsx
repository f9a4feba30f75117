// A tenant's state as a coloured label (the text carries the meaning, not the colour).
const tone: Record<string, string> = {
  ACTIVE: 'bg-green-100 text-green-800',
  UPDATING: 'bg-sky-100 text-sky-800',
  PENDING: 'bg-slate-100 text-slate-700',
  PROVISIONING: 'bg-sky-100 text-sky-800',
  SUSPENDED: 'bg-amber-100 text-amber-900',
  FAILED: 'bg-red-100 text-red-800',
  DEPROVISIONING: 'bg-slate-200 text-slate-800',
  DEPROVISIONED: 'bg-slate-200 text-slate-700',
}

export function TenantStateBadge({ state }: { state: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tone[state] ?? 'bg-slate-100 text-slate-700'}`}>
      {state.toLowerCase()}
    </span>
  )
}
