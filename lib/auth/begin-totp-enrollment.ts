// Enrolment has two steps: this one stores a new secret, encrypted, with totpEnabledAt still null;
// confirm-totp-enrollment.ts checks a code from the app, sets totpEnabledAt and returns the
// recovery codes, shown once.
import QRCode from 'qrcode'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { encryptTotpSecret, generateTotpSecret, totpFor } from './totp'

/**
 * Starts (or restarts) enrolment: a new secret, stored encrypted, not active until confirmed.
 * Throws NOT_FOUND (no such user), CONFLICT (TOTP already enabled).
 */
export async function beginTotpEnrollment(userId: string): Promise<{ otpauthUri: string; qrCodeDataUrl: string; secretBase32: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, totpEnabledAt: true } })
  if (!user) throw new AppError('NOT_FOUND', 'Account not found')
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already set up.')

  const secretBase32 = generateTotpSecret()
  const otpauthUri = totpFor(secretBase32, user.email).toString()
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 240 })
  const { count } = await db.user.updateMany({
    where: { id: user.id, totpEnabledAt: null },
    data: { totpSecret: encryptTotpSecret(secretBase32, user.id) },
  })
  if (count === 0) throw new AppError('CONFLICT', 'Two-factor authentication is already set up.')
  return { otpauthUri, qrCodeDataUrl, secretBase32 }
}
