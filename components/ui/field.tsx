// A labelled input with its error, wired for screen readers (aria-invalid, aria-describedby).
import { useId } from 'react'

const inputClass = (errors: string[]) =>
  `block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-500 ${
    errors.length ? 'border-red-500' : 'border-slate-300'
  }`

/** The label, the control and its hint and errors, with the ids that tie them together. */
function Labelled({
  label,
  hint,
  errors,
  children,
}: {
  label: string
  hint?: string
  errors: string[]
  children: (control: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode
}) {
  const id = useId()
  const describedBy = [errors.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id, 'aria-invalid': errors.length > 0, 'aria-describedby': describedBy })}
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

const errorList = (error?: string[] | string) => (typeof error === 'string' ? [error] : (error ?? []))

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
  const errors = errorList(error)
  return (
    <Labelled label={label} hint={hint} errors={errors}>
      {(control) => <input {...control} name={name} type={type} className={inputClass(errors)} {...rest} />}
    </Labelled>
  )
}

/** A labelled select with its error; `placeholder` is a first option with no value ("Choose…"). */
export function SelectField({
  label,
  name,
  options,
  placeholder = 'Choose…',
  error,
  hint,
  ...rest
}: {
  label: string
  name: string
  options: { value: string; label: string }[]
  placeholder?: string
  error?: string[] | string
  hint?: string
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'name'>) {
  const errors = errorList(error)
  return (
    <Labelled label={label} hint={hint} errors={errors}>
      {(control) => (
        <select {...control} name={name} className={inputClass(errors)} {...rest}>
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  )
}
