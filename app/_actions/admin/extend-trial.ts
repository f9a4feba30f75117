'use server'
// Console → tenant → Extend trial by some days (typed in the form), counted on the billing clock.
import { adminAction } from '@/app/_server/action'
import { extendTrial, extendTrialInput } from '@/lib/admin/extend-trial'
import { formNumber } from '@/lib/http/form-data'

export const extendTrialAction = adminAction({
  name: 'admin-extend-trial',
  operation: 'subscription.extend_trial',
  input: extendTrialInput.extend({ days: formNumber(extendTrialInput.shape.days) }),
  run: extendTrial,
})
