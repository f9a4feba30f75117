// The sign-up wizard's cookie (state between steps), read and written on the server only.
import 'server-only'
import type { NextResponse } from 'next/server'
import { getEnv } from '@/lib/env'
import { requestCookie } from './session'
import { openWizardState, sealWizardState, type WizardState } from '@/lib/onboarding/wizard'

const COOKIE = 'tenancy.signup'

/** Route handlers pass their Request; pages read Next's request scope. */
export async function readWizardState(userId: string, request?: Request): Promise<WizardState> {
  return openWizardState(await requestCookie(COOKIE, request), userId)
}

export function writeWizardState(response: NextResponse, state: WizardState, userId: string): NextResponse {
  response.cookies.set(COOKIE, sealWizardState(state, userId), {
    httpOnly: true,
    sameSite: 'lax',
    secure: getEnv().isHttps,
    path: '/',
    maxAge: 7 * 24 * 3600,
  })
  return response
}

export function clearWizardState(response: NextResponse): NextResponse {
  response.cookies.delete(COOKIE)
  return response
}
