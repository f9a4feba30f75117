'use client'

// Read-only mode switch and break-glass, each confirmed with a reason.
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { AdminActionButton } from './admin-action-button'

export function ReadOnlyControls({
  isReadOnly,
  isFromConfig,
  maxMinutes,
}: {
  isReadOnly: boolean
  isFromConfig: boolean
  maxMinutes: number
}) {
  const router = useRouter()
  const [message, setMessage] = useState<string | null>(null)
  async function endBreakGlass() {
    await fetch('/api/admin/break-glass', { method: 'DELETE' })
    setMessage('Break-glass ended for this browser.')
    router.refresh()
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        {!isFromConfig && (
          <AdminActionButton
            label={isReadOnly ? 'Leave read-only mode' : 'Enter read-only mode'}
            title={isReadOnly ? 'Leave read-only mode?' : 'Enter read-only mode?'}
            description={
              isReadOnly
                ? 'Admin changes are allowed again.'
                : 'Every admin change is refused until read-only mode is left (break-glass excepted). Pages keep working.'
            }
            url="/api/admin/read-only"
            extra={{ enabled: !isReadOnly }}
            confirmLabel={isReadOnly ? 'Leave read-only mode' : 'Enter read-only mode'}
            tone={isReadOnly ? 'primary' : 'danger'}
          />
        )}
        {isReadOnly && (
          <AdminActionButton
            label="Break glass"
            title="Break glass"
            description={`Lets you (only you, in this browser) make changes while the console is read-only, for a limited time. Every change made with it is audited with this reason.`}
            url="/api/admin/break-glass"
            fields={[{ name: 'minutes', label: 'Minutes', type: 'number', hint: `1 to ${maxMinutes}` }]}
            confirmLabel="Break glass"
            tone="danger"
          />
        )}
        {isReadOnly && (
          <button
            type="button"
            onClick={endBreakGlass}
            className="rounded-md px-4 py-2 text-sm font-semibold text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            End break-glass
          </button>
        )}
      </div>
      {message && <Alert tone="info">{message}</Alert>}
    </div>
  )
}
