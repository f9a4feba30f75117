// The dashboard banner of open storage alerts (warning ≥ 80 %, critical ≥ 95 %).
import type { VolumeUsage } from '@/lib/metering/get-volume-usage'
import { formatDaysUntilFull } from '@/lib/format'

const CRITICAL = 'bg-red-50 text-red-800 ring-red-200'
const WARNING = 'bg-amber-50 text-amber-800 ring-amber-200'

export function StorageAlertBanner({ volumes }: { volumes: VolumeUsage[] }) {
  const open = volumes.filter((v) => v.level !== 'OK')
  if (open.length === 0) return null
  const isCritical = open.some((v) => v.level === 'CRITICAL')
  return (
    <div role="alert" data-testid="storage-alert" className={`rounded-md px-4 py-3 text-sm ring-1 ${isCritical ? CRITICAL : WARNING}`}>
      <p className="font-medium">{isCritical ? 'Storage is almost full' : 'Storage is filling up'}</p>
      <ul className="mt-1 list-disc pl-5">
        {open.map((v) => (
          <li key={`${v.tenantSlug}/${v.volume}`}>
            {v.volume}: {v.percentUsed}% used ({v.level.toLowerCase()})
            {formatDaysUntilFull(v.daysUntilFull) ? `, ${formatDaysUntilFull(v.daysUntilFull)}` : ''}
          </li>
        ))}
      </ul>
    </div>
  )
}
