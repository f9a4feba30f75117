// A tenant's state as a coloured label: StatusBadge (components/ui/status-badge.tsx) holds the one
// colour map. Kept only for app/admin/tenants/[id]/page.tsx; use <StatusBadge kind="tenant" /> instead.
import { StatusBadge } from '@/components/ui/status-badge'

export function TenantStateBadge({ state }: { state: string }) {
  return <StatusBadge kind="tenant" status={state} />
}
