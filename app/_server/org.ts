// Every page under /[org] starts here: a signed-in member of that organization, or 404.
import 'server-only'
import { notFound } from 'next/navigation'
import { isAppError } from '@/lib/errors/app-error'
import { requireMembership } from '@/lib/orgs/authorize'
import type { MemberRole } from '@/lib/db'
import { enterPageScope, requireUserPage } from './page-scope'
import type { CurrentUser } from './session'

/** Also gives the render the organization's database scope (row-level security, ./page-scope.ts). */
export async function requireOrgPage(orgSlug: string, roles?: readonly MemberRole[]) {
  const user: CurrentUser = await requireUserPage(`/${orgSlug}`)
  try {
    const access = await requireMembership({ orgSlug, userId: user.id, roles })
    enterPageScope({ orgId: access.org.id })
    return { user, ...access }
  } catch (error) {
    if (isAppError(error) && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) notFound()
    throw error
  }
}
