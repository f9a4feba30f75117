// The database scope of one page render (row-level security, lib/db/scope.ts). A page's layout,
// the page and its server components render concurrently in one request, each reading the
// database; the scope is the request's, kept by React's per-request cache, and set by the checks
// every page starts with: requireOrgPage (./org.ts), requireUserPage, requireAdminPage (below).
// Outside a render (a route, an action) the cache keeps nothing: their glue sets its own scope.
import 'server-only'
import { cache } from 'react'
import { setAmbientDbScope, type DbScope } from '@/lib/db'
import { requireSuperAdmin, requireUser, type CurrentUser } from './session'

const renderScope = cache((): { scope?: DbScope } => ({}))

setAmbientDbScope(() => renderScope().scope)

/**
 * Widens this render's scope with what a check has just proved (the user, then their
 * organization, or the system for the console). One render serves one organization: a second
 * one is a bug in the page, refused.
 */
export function enterPageScope(scope: DbScope): void {
  const box = renderScope()
  const current = box.scope ?? {}
  if (current.orgId && scope.orgId && current.orgId !== scope.orgId) throw new Error('A page renders one organization')
  if (current.userId && scope.userId && current.userId !== scope.userId) throw new Error('A page renders for one user')
  box.scope = { ...current, ...scope }
}

/** A page for a signed-in user (their own memberships readable); sign-in otherwise. */
export async function requireUserPage(returnTo?: string): Promise<CurrentUser> {
  const user = await requireUser(returnTo)
  enterPageScope({ userId: user.id })
  return user
}

/** A page of the console: a super-admin who passed TOTP (404 or /mfa otherwise); the system's scope. */
export async function requireAdminPage(): Promise<CurrentUser> {
  const admin = await requireSuperAdmin()
  enterPageScope({ system: { reason: 'console page' } })
  return admin
}
