// The sign-up wizard's cookie (state between steps), read and written on the server only: its
// actions write it through Next's request scope, pages and the state route read it.
import 'server-only'
import { cookies } from 'next/headers'
import { getEnv } from '@/lib/env'
import { requestCookie } from './session'
import { openWizardState, sealWizardState, type WizardState } from '@/lib/onboarding/wizard'

const COOKIE = 'tenancy.signup'

/** Route handlers pass their Request; pages and actions read Next's request scope. */
export async function readWizardState(userId: string, request?: Request): Promise<WizardState> {
  return openWizardState(await requestCookie(COOKIE, request), userId)
}

/** Server actions: keeps the wizard's answers for this user. */
export async function writeWizardState(state: WizardState, userId: string): Promise<void> {
  ;(await cookies()).set(COOKIE, sealWizardState(state, userId), {
    httpOnly: true,
    sameSite: 'lax',
    secure: getEnv().isHttps,
    path: '/',
    maxAge: 7 * 24 * 3600,
  })
}

/** Server actions: the wizard is done. */
export async function clearWizardState(): Promise<void> {
  ;(await cookies()).delete(COOKIE)
}
