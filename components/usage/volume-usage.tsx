// Current storage per volume with its percentage, for the instance panel: self-contained (it
// loads its own data, scoped to the organization) so the panel only renders <VolumeUsage />.
import Link from 'next/link'
import { getVolumeUsage } from '@/lib/metering/get-volume-usage'
import { formatBytes, formatDaysUntilFull } from '@/lib/format'
import { StorageAlertBanner } from './storage-alert-banner'

const bar = { OK: 'bg-brand-500', WARNING: 'bg-amber-500', CRITICAL: 'bg-red-600' } as const

export async function VolumeUsage({ orgId, orgSlug }: { orgId: string; orgSlug: string }) {
  const volumes = await getVolumeUsage({ orgId })
  return (
    <section aria-label="Storage" data-testid="volume-usage" className="space-y-3 rounded-lg bg-white p-6 ring-1 ring-slate-200">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">Storage</h2>
        <Link href={`/${orgSlug}/usage`} className="text-sm font-medium text-brand-700 underline">
          Usage over time
        </Link>
      </div>
      <StorageAlertBanner volumes={volumes} />
      {volumes.length === 0 ? (
        <p className="text-sm text-slate-600">No storage readings yet.</p>
      ) : (
        <ul className="space-y-3">
          {volumes.map((v) => (
            <li key={`${v.tenantSlug}/${v.volume}`} className="text-sm">
              <div className="flex justify-between">
                <span className="font-medium">{v.volume}</span>
                <span data-testid="volume-percent" className="text-slate-600">
                  {formatBytes(v.usedBytes)} of {formatBytes(v.capacityBytes)} · {v.percentUsed}%
                  {formatDaysUntilFull(v.daysUntilFull) ? ` · ${formatDaysUntilFull(v.daysUntilFull)}` : ''}
                </span>
              </div>
              <div
                className="mt-1 h-2 rounded bg-slate-100"
                role="progressbar"
                aria-label={`${v.volume} used`}
                aria-valuenow={v.percentUsed}
                aria-valuemin={0}
                aria-valuemax={100}
              >
                <div className={`h-2 rounded ${bar[v.level]}`} style={{ width: `${Math.min(100, v.percentUsed)}%` }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
