const LABELS = { account: 'Account', organization: 'Organization', plan: 'Plan', review: 'Start' } as const

export function WizardSteps({ current }: { current: keyof typeof LABELS }) {
  const keys = Object.keys(LABELS) as (keyof typeof LABELS)[]
  const index = keys.indexOf(current)
  return (
    <ol aria-label="Sign-up steps" className="mb-6 flex gap-2 text-xs font-medium">
      {keys.map((key, i) => (
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
