// A labelled input with its error, wired for screen readers (aria-invalid, aria-describedby).
import { useId } from 'react'

export function Field({
  label,
  name,
  type = 'text',
  error,
  hint,
  ...rest
}: { label: string; name: string; type?: string; error?: string[] | string; hint?: string } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  'name' | 'type'
>) {
  const id = useId()
  const errors = typeof error === 'string' ? [error] : (error ?? [])
  const describedBy = [errors.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
  const border = errors.length ? 'border-red-500' : 'border-slate-300'
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={errors.length > 0}
        aria-describedby={describedBy}
        className={`block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-500 ${border}`}
        {...rest}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}
