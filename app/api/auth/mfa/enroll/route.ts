// POST /api/auth/mfa/enroll → a new TOTP secret (QR code and otpauth URI) awaiting confirmation.
import { AppError } from '@/lib/errors/app-error'
import { beginTotpEnrollment } from '@/lib/auth/begin-totp-enrollment'
import { jsonRoute } from '@/app/_server/route'
import { requireSuperAdminSession } from '@/app/_server/mfa-route'

export const POST = jsonRoute(async (request) => {
  const { user } = await requireSuperAdminSession(request)
  if (user.hasTotp) throw new AppError('CONFLICT', 'Two-factor authentication is already set up.')
  const { otpauthUri, qrCodeDataUrl, secretBase32 } = await beginTotpEnrollment(user.id)
  return { otpauthUri, qrCodeDataUrl, secretBase32 }
})
