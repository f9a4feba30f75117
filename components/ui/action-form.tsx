'use client'

// A page form on a server action (app/_server/action.ts). Without JavaScript the browser posts the
// form and Next renders the page again with the action's result; with it, React submits in place.
// Either way the result shows the same: the success message, the refusal, each field's error, and
// the submitted values kept in the fields. While the action runs, SubmitButton is disabled (no
// double submit).
//
//   <ActionForm action={renameOrganizationAction} success="Saved." aria-label="Rename organization">
//     <input type="hidden" name="org" value={slug} />
//     <ActionField label="Organization name" name="name" defaultValue={name} required />
//     <SubmitButton>Save</SubmitButton>
//   </ActionForm>
import { createContext, useActionState, useContext } from 'react'
import { useFormStatus } from 'react-dom'
import type { ActionResult, FormAction } from '@/app/_server/action'
import { Alert } from './alert'
import { Button } from './button'
import { Field } from './field'

const FormStateContext = createContext<ActionResult | null>(null)

/** The latest result of the enclosing ActionForm (null before the first submit). */
export function useActionResult<T = unknown>(): ActionResult<T> | null {
  return useContext(FormStateContext) as ActionResult<T> | null
}

export function ActionForm<T>({
  action,
  success,
  children,
  className = 'space-y-3',
  onSuccess,
  ...rest
}: {
  action: FormAction<T>
  /** Shown after a successful submit. */
  success?: string | ((data: T) => React.ReactNode)
  children: React.ReactNode
  className?: string
  /** Rendered instead of the success message, e.g. a secret shown once. */
  onSuccess?: (data: T) => React.ReactNode
} & Omit<React.FormHTMLAttributes<HTMLFormElement>, 'action' | 'children' | 'className'>) {
  const [result, formAction] = useActionState(action, null)
  const failed = result && !result.ok ? result : null
  // Errors on the form's fields show beside them (ActionField); any other refusal above the form.
  const formErrors = failed?.fieldErrors?._form ?? []
  const onFields = Object.keys(failed?.fieldErrors ?? {}).some((key) => key !== '_form')
  const done = result?.ok ? result.data : undefined
  return (
    <form action={formAction} className={className} noValidate {...rest}>
      <FormStateContext.Provider value={result as ActionResult | null}>
        {result?.ok && onSuccess && onSuccess(done as T)}
        {result?.ok && success && !onSuccess && (
          <Alert tone="success">{typeof success === 'function' ? success(done as T) : success}</Alert>
        )}
        {failed && (!onFields || formErrors.length > 0) && (
          <Alert tone="error">{formErrors.length ? formErrors.join(' ') : failed.message}</Alert>
        )}
        {children}
      </FormStateContext.Provider>
    </form>
  )
}

/** Field errors of the enclosing form for `name`, and the value to show (the submitted one after a refusal). */
export function useFormField(name: string, defaultValue?: string) {
  const result = useContext(FormStateContext)
  const failed = result && !result.ok ? result : null
  return { error: failed?.fieldErrors?.[name], value: failed?.values?.[name] ?? defaultValue }
}

/** A Field of an ActionForm: its error and, after a refusal, the value that was sent. */
export function ActionField({
  name,
  defaultValue,
  ...rest
}: Omit<React.ComponentProps<typeof Field>, 'error' | 'defaultValue'> & { defaultValue?: string }) {
  const { error, value } = useFormField(name, defaultValue)
  // `key` remounts the input when the value to show changes (React resets forms after an action).
  return <Field key={value} name={name} defaultValue={value} error={error} {...rest} />
}

/** The submit button: disabled while the form's action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  disabled,
  ...rest
}: React.ComponentProps<typeof Button> & { pendingLabel?: string }) {
  const { pending } = useFormStatus()
  return (
    <Button type="submit" disabled={pending || disabled} aria-disabled={pending || disabled} {...rest}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  )
}
