'use server'
// Sign-up, step 2 (Name your organization): a valid name and a free address (derived from the name
// when left empty), kept in the wizard's cookie; then on to the plan.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { userAction } from '@/app/_server/action'
import { readWizardState, writeWizardState } from '@/app/_server/wizard'
import { validateOrganizationStep } from '@/lib/onboarding/wizard'

export const saveOrganizationStepAction = userAction({
  name: 'save-organization-step',
  // Shape only: the step validates the values, with its own messages.
  input: z.object({ name: z.unknown().optional(), slug: z.unknown().optional() }),
  run: async (input, { user }) => {
    const step = await validateOrganizationStep(input)
    await writeWizardState({ ...(await readWizardState(user.id)), ...step }, user.id)
    redirect('/signup/plan')
  },
})
