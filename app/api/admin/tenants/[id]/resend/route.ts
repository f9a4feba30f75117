// POST /api/admin/tenants/<id>/resend { outboxId, reason } → the email sent again, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { resendNotification, resendNotificationInput } from '@/lib/admin/resend-notification'

export const POST = adminWriteRoute<{ id: string }>('notification.resend', async (request, _ctx, actor, { id }) =>
  resendNotification(resendNotificationInput.parse({ ...(await readJson(request)), tenantId: id }), actor),
)
