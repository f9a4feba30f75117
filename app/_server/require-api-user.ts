import 'server-only'
import { AppError } from '@/lib/errors/app-error'
import { currentUser, type CurrentUser } from './session'

/** Route handlers for signed-in users: 401 otherwise. */
export async function requireApiUser(request: Request): Promise<CurrentUser> {
  const user = await currentUser(request)
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first.')
  return user
}
