import type { WizardStep } from '@/lib/onboarding/wizard'

const LABELS: Record<WizardStep, string> = { account: 'Account', app: 'App', organization: 'Organization', plan: 'Plan', review: 'Start' }

/** The wizard's progress: the steps this company's customers go through (`wizardSteps()`: no app step with one app sold). */
export function WizardSteps({ current, steps }: { current: WizardStep; steps: readonly WizardStep[] }) {
  const index = steps.indexOf(current)
  return (
    <ol aria-label="Sign-up steps" className="mb-6 flex gap-2 text-xs font-medium">
      {steps.map((key, i) => (
        <li
          key={key}
          aria-current={key === current ? 'step' : undefined}
          className={`flex-1 border-t-4 pt-2 ${i <= index ? 'border-brand-600 text-brand-700' : 'border-slate-200 text-slate-500'}`}
        >
          {i + 1}. {LABELS[key]}
        </li>
      ))}
    </ol>
  )
}
