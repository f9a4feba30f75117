// Shared guard of the super-admin's second factor (the /mfa page's actions): a signed-in
// super-admin and this session's token, or NOT_FOUND for everyone else, visitors included.
import 'server-only'
import { AppError } from '@/lib/errors/app-error'
import { currentUser, sessionTokenFromCookies, type CurrentUser } from './session'

/** Route handlers pass their Request; server actions read Next's request scope. */
export async function requireSuperAdminSession(request?: Request): Promise<{ user: CurrentUser; sessionToken: string }> {
  const [user, sessionToken] = await Promise.all([currentUser(request), sessionTokenFromCookies(request)])
  if (!user?.isSuperAdmin || !sessionToken) throw new AppError('NOT_FOUND', 'Not found')
  return { user, sessionToken }
}
