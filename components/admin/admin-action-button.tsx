'use client'

// One console action: a button that opens a confirmation dialog asking for a reason (and the
// action's own fields), posts JSON to its admin route, shows the refusal (read-only mode, a
// state that does not allow it, a field error) in the dialog, and refreshes the page on success.
import { useRouter } from 'next/navigation'
import { useId, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'

export interface ActionField {
  name: string
  label: string
  type?: 'text' | 'number' | 'select'
  options?: { value: string; label: string }[]
  hint?: string
}

export function AdminActionButton({
  label,
  title,
  description,
  url,
  fields = [],
  confirmLabel,
  tone = 'primary',
  disabled = false,
  extra = {},
}: {
  label: string
  title: string
  description: string
  url: string
  fields?: ActionField[]
  confirmLabel: string
  tone?: 'primary' | 'danger'
  disabled?: boolean
  /** Values sent with every request of this action (not asked for). */
  extra?: Record<string, unknown>
}) {
  const router = useRouter()
  const id = useId()
  const [open, setOpen] = useState(false)
  const [pending, setPending] = useState(false)
  const [values, setValues] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({})
  const [done, setDone] = useState<string | null>(null)

  const close = () => {
    setOpen(false)
    setError(null)
    setFieldErrors({})
    setValues({})
  }

  async function submit() {
    setPending(true)
    setError(null)
    setFieldErrors({})
    const body: Record<string, unknown> = { ...extra, ...values }
    for (const f of fields)
      if (f.type === 'number' && typeof body[f.name] === 'string') body[f.name] = body[f.name] === '' ? undefined : Number(body[f.name])
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const result = (await response.json().catch(() => ({}))) as { ok?: boolean; message?: string; fieldErrors?: Record<string, string[]> }
      if (!response.ok || !result.ok) {
        setError(result.message ?? `The request failed (${response.status})`)
        setFieldErrors(result.fieldErrors ?? {})
        return
      }
      setDone(`${label}: done.`)
      close()
      router.refresh()
    } catch {
      setError('The request did not reach the server. Try again.')
    } finally {
      setPending(false)
    }
  }

  const input = (f: ActionField) => {
    const inputId = `${id}-${f.name}`
    const errors = fieldErrors[f.name] ?? []
    const describedBy =
      [errors.length ? `${inputId}-error` : null, f.hint ? `${inputId}-hint` : null].filter(Boolean).join(' ') || undefined
    const common = {
      id: inputId,
      name: f.name,
      value: values[f.name] ?? '',
      'aria-invalid': errors.length > 0,
      'aria-describedby': describedBy,
      className: 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900',
    }
    return (
      <div key={f.name} className="mt-3">
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
          {f.label}
        </label>
        {f.type === 'select' ? (
          <select {...common} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}>
            <option value="">Choose…</option>
            {f.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            type={f.type ?? 'text'}
            autoComplete="off"
            onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
          />
        )}
        {f.hint && (
          <p id={`${inputId}-hint`} className="mt-1 text-xs text-slate-500">
            {f.hint}
          </p>
        )}
        {errors.length > 0 && (
          <p id={`${inputId}-error`} className="mt-1 text-sm text-red-700">
            {errors.join(' ')}
          </p>
        )}
      </div>
    )
  }

  return (
    <>
      <Button
        type="button"
        variant={tone === 'danger' ? 'danger' : 'secondary'}
        disabled={disabled}
        onClick={() => {
          setDone(null)
          setOpen(true)
        }}
      >
        {label}
      </Button>
      {done && (
        <span role="status" className="sr-only">
          {done}
        </span>
      )}
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        tone={tone}
        pending={pending}
        onConfirm={submit}
        onCancel={close}
      >
        <p>{description}</p>
        {fields.map(input)}
        {input({ name: 'reason', label: 'Reason (kept in the audit log)' })}
        {error && (
          <div className="mt-3">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
      </ConfirmDialog>
    </>
  )
}
