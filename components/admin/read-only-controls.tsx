// Read-only mode switch and break-glass, each confirmed with a reason; ending break-glass drops
// this browser's cookie. All three are server actions (app/_actions/admin), so they work without
// JavaScript too.
import { breakGlassAction } from '@/app/_actions/admin/break-glass'
import { endBreakGlassAction } from '@/app/_actions/admin/end-break-glass'
import { setReadOnlyAction } from '@/app/_actions/admin/set-read-only'
import { ActionForm, SubmitButton } from '@/components/ui/action-form'
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
  return (
    <div className="flex flex-wrap items-start gap-3">
      {!isFromConfig && (
        <AdminActionButton
          label={isReadOnly ? 'Leave read-only mode' : 'Enter read-only mode'}
          title={isReadOnly ? 'Leave read-only mode?' : 'Enter read-only mode?'}
          description={
            isReadOnly
              ? 'Admin changes are allowed again.'
              : 'Every admin change is refused until read-only mode is left (break-glass excepted). Pages keep working.'
          }
          action={setReadOnlyAction}
          hidden={{ enabled: String(!isReadOnly) }}
          confirmLabel={isReadOnly ? 'Leave read-only mode' : 'Enter read-only mode'}
          tone={isReadOnly ? 'primary' : 'danger'}
        />
      )}
      {isReadOnly && (
        <AdminActionButton
          label="Break glass"
          title="Break glass"
          description={
            'Lets you (only you, in this browser) make changes while the console is read-only, for a limited time. ' +
            'Every change made with it is audited with this reason.'
          }
          action={breakGlassAction}
          fields={[{ name: 'minutes', label: 'Minutes', type: 'number', hint: `1 to ${maxMinutes}` }]}
          confirmLabel="Break glass"
          tone="danger"
        />
      )}
      {isReadOnly && (
        <ActionForm
          action={endBreakGlassAction}
          success="Break-glass ended for this browser."
          aria-label="End break-glass"
          className="space-y-2"
        >
          <SubmitButton variant="secondary">End break-glass</SubmitButton>
        </ActionForm>
      )}
    </div>
  )
}
