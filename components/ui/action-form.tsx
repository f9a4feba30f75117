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
import { createContext, startTransition, useActionState, useContext } from 'react'
import { useFormStatus } from 'react-dom'
import type { ActionResult, FormAction } from '@/app/_server/action'
import { Alert } from './alert'
import { Button } from './button'
import { Field, SelectField } from './field'

const FormStateContext = createContext<ActionResult | null>(null)
/** A keepValues form's own pending state (useFormStatus sees only submissions through the form's action). */
const PendingContext = createContext(false)

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
  keepValues = false,
  messages = true,
  ...rest
}: {
  action: FormAction<T>
  /** Shown after a successful submit. */
  success?: string | ((data: T) => React.ReactNode)
  children: React.ReactNode
  className?: string
  /** Rendered instead of the success message, e.g. a secret shown once. */
  onSuccess?: (data: T) => React.ReactNode
  /**
   * With JavaScript, leave what was typed in the fields after a submit (React resets a form after its
   * action), passwords included, which are never sent back: for forms whose refusal asks to fix one field.
   */
  keepValues?: boolean
  /** Show the success message and the refusal at the top of the form (false: the children place them, with useActionResult). */
  messages?: boolean
} & Omit<React.FormHTMLAttributes<HTMLFormElement>, 'action' | 'children' | 'className'>) {
  const [result, formAction, isPending] = useActionState(action, null)
  // Errors on the form's fields show beside them (ActionField); any other refusal above the form (FormRefusal).
  const done = result?.ok ? result.data : undefined
  // Without JavaScript the browser posts `action`; with it, keepValues submits in place without the reset.
  const onSubmit = keepValues
    ? (event: React.FormEvent<HTMLFormElement>) => {
        event.preventDefault()
        if (isPending) return
        const form = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter)
        startTransition(() => formAction(form))
      }
    : undefined
  return (
    <form action={formAction} onSubmit={onSubmit} className={className} noValidate {...rest}>
      <FormStateContext.Provider value={result as ActionResult | null}>
        <PendingContext.Provider value={isPending}>
          {result?.ok && onSuccess && onSuccess(done as T)}
          {messages && result?.ok && success && !onSuccess && (
            <Alert tone="success">{typeof success === 'function' ? success(done as T) : success}</Alert>
          )}
          {messages && <FormRefusal />}
          {children}
        </PendingContext.Provider>
      </FormStateContext.Provider>
    </form>
  )
}

/** The refusal of the enclosing form's last submit that no field shows (read-only mode, a state that does not allow it…). */
export function FormRefusal() {
  const result = useContext(FormStateContext)
  const failed = result && !result.ok ? result : null
  if (!failed) return null
  const formErrors = failed.fieldErrors?._form ?? []
  const onFields = Object.keys(failed.fieldErrors ?? {}).some((key) => key !== '_form')
  if (onFields && formErrors.length === 0) return null
  return <Alert tone="error">{formErrors.length ? formErrors.join(' ') : failed.message}</Alert>
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

/** A SelectField of an ActionForm: its error and, after a refusal, the option that was sent. */
export function ActionSelect({
  name,
  defaultValue,
  ...rest
}: Omit<React.ComponentProps<typeof SelectField>, 'error' | 'defaultValue'> & { defaultValue?: string }) {
  const { error, value } = useFormField(name, defaultValue)
  return <SelectField key={value} name={name} defaultValue={value} error={error} {...rest} />
}

/** The submit button: disabled while the form's action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  disabled,
  ...rest
}: React.ComponentProps<typeof Button> & { pendingLabel?: string }) {
  const status = useFormStatus()
  const isKeptFormPending = useContext(PendingContext)
  const pending = status.pending || isKeptFormPending
  return (
    <Button type="submit" disabled={pending || disabled} aria-disabled={pending || disabled} {...rest}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  )
}
