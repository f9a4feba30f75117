'use server'
// Sign-up, step "app" (asked first when the company sells more than one app): one of the apps
// sold, kept in the wizard's cookie; then on to the organization.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { userAction } from '@/app/_server/action'
import { readWizardState, writeWizardState } from '@/app/_server/wizard'
import { validateAppStep } from '@/lib/onboarding/wizard'

export const saveAppStepAction = userAction({
  name: 'save-app-step',
  // Shape only: the step checks the app against the apps sold.
  input: z.object({ appId: z.unknown().optional() }),
  run: async (input, { user }) => {
    const state = await readWizardState(user.id)
    await writeWizardState({ ...state, ...validateAppStep(input, state) }, user.id)
    redirect(state.name && state.slug ? '/signup/plan' : '/signup/organization')
  },
})
