// One provisioning run as a timeline: each step with its state, duration, attempt and message.
import type { ProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'

export const STEP_LABELS: Record<string, string> = {
  validate: 'Checking plan, address and cluster',
  namespace: 'Creating the namespace',
  guardrails: 'Applying quota, limits and network policy',
  secrets: 'Generating the database password and admin login',
  'helm-install': 'Installing the app',
  'helm-upgrade': 'Upgrading the app',
  'wait-database': 'Waiting for the database',
  'wait-app': 'Waiting for the app',
  health: 'Asking the app whether it is healthy',
  ingress: 'Setting up the address and TLS',
  record: 'Recording the result',
  notify: 'Sending the welcome email',
  guard: 'Checking that current usage fits the plan',
  'mark-updating': 'Starting the update',
  'keep-suspended': 'Keeping the instance suspended',
  'scale-down': 'Stopping the workloads (volumes kept)',
  'scale-up': 'Starting the workloads',
  'mark-deprovisioning': 'Starting removal',
  'helm-uninstall': 'Uninstalling the app',
  'delete-namespace': 'Deleting the namespace',
}

type Step = NonNullable<ProvisioningStatus['run']>['steps'][number]

function outcome(step: Step): string {
  if (step.status === 'SUCCEEDED') return `done${step.durationMs !== null ? ` in ${(step.durationMs / 1000).toFixed(1)} s` : ''}`
  if (step.status === 'FAILED') return 'failed'
  return 'working…'
}

export function StepTimeline({ steps }: { steps: Step[] }) {
  return (
    <ol aria-label="Provisioning steps" className="space-y-2">
      {steps.map((step) => (
        <li
          key={step.name}
          data-step={step.name}
          data-status={step.status}
          className="rounded-md bg-white px-4 py-2 text-sm ring-1 ring-slate-200"
        >
          <div className="flex items-center justify-between gap-4">
            <span>{STEP_LABELS[step.name] ?? step.name}</span>
            <span className={step.status === 'FAILED' ? 'text-red-700' : step.status === 'SUCCEEDED' ? 'text-green-700' : 'text-slate-500'}>
              {outcome(step)}
              {step.attempt > 1 ? ` (attempt ${step.attempt})` : ''}
            </span>
          </div>
          {step.message && <p className={`mt-1 text-xs ${step.status === 'FAILED' ? 'text-red-700' : 'text-slate-500'}`}>{step.message}</p>}
        </li>
      ))}
    </ol>
  )
}
