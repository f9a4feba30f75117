// POST /api/signup/start → creates the organization, subscription and instance; provisioning starts.
import { NextResponse } from 'next/server'
import { completeSignup } from '@/lib/onboarding/complete-signup'
import { jsonRoute } from '@/app/_server/route'
import { requireApiUser } from '@/app/_server/require-api-user'
import { clearWizardState, readWizardState } from '@/app/_server/wizard'

export const POST = jsonRoute(async (request, ctx) => {
  const user = await requireApiUser(request)
  const result = await completeSignup({ state: await readWizardState(user.id, request), userId: user.id }, ctx)
  return clearWizardState(NextResponse.json({ ok: true, data: result }))
})
