'use server'
// Sign-up, step 3 (Choose a plan): a self-serve plan of the catalog, kept in the wizard's cookie;
// then on to the review.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { userAction } from '@/app/_server/action'
import { readWizardState, writeWizardState } from '@/app/_server/wizard'
import { validatePlanStep } from '@/lib/onboarding/wizard'

export const savePlanStepAction = userAction({
  name: 'save-plan-step',
  // Shape only: the step checks the plan against the catalog.
  input: z.object({ planId: z.unknown().optional() }),
  run: async (input, { user }) => {
    const state = await readWizardState(user.id)
    await writeWizardState({ ...state, ...validatePlanStep(input, state) }, user.id)
    redirect('/signup/review')
  },
})
