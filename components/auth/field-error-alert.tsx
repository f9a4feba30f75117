'use client'

import { Alert } from '@/components/ui/alert'
import { useFormField } from '@/components/ui/action-form'

/** The error of a field the person cannot see (a hidden token), above the form of an ActionForm. */
export function FieldErrorAlert({ name }: { name: string }) {
  const { error } = useFormField(name)
  return error?.length ? <Alert tone="error">{error.join(' ')}</Alert> : null
}
