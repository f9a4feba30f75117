// Shared guard of the MFA routes: a signed-in super-admin, or 404 for everyone else.
import 'server-only'
import { AppError } from '@/lib/errors/app-error'
import { currentUser, sessionTokenFromCookies, type CurrentUser } from './session'

export async function requireSuperAdminSession(request: Request): Promise<{ user: CurrentUser; sessionToken: string }> {
  const [user, sessionToken] = await Promise.all([currentUser(request), sessionTokenFromCookies(request)])
  if (!user?.isSuperAdmin || !sessionToken) throw new AppError('NOT_FOUND', 'Not found')
  return { user, sessionToken }
}
