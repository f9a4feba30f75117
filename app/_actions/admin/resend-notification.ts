'use server'
// Console → tenant → Resend an email of the tenant's organization, with a reason.
import { adminAction } from '@/app/_server/action'
import { resendNotification, resendNotificationInput } from '@/lib/admin/resend-notification'

export const resendNotificationAction = adminAction({
  name: 'admin-resend-notification',
  operation: 'notification.resend',
  input: resendNotificationInput,
  run: resendNotification,
})
