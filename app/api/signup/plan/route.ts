// POST /api/signup/plan { planId } → validated against the catalog and kept in the wizard's cookie.
import { NextResponse } from 'next/server'
import { validatePlanStep } from '@/lib/onboarding/wizard'
import { jsonRoute, readJson } from '@/app/_server/route'
import { requireApiUser } from '@/app/_server/require-api-user'
import { readWizardState, writeWizardState } from '@/app/_server/wizard'

export const POST = jsonRoute(async (request) => {
  const user = await requireApiUser(request)
  const step = validatePlanStep(await readJson(request))
  const state = { ...(await readWizardState(user.id, request)), ...step }
  return writeWizardState(NextResponse.json({ ok: true, data: step }), state, user.id)
})
