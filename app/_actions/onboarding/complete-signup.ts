'use server'
// Sign-up, step 4 (Start your instance): the organization, its subscription and its instance from
// the wizard's answers; then the provisioning page, or Stripe Checkout for a paid plan with payments on.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { userAction } from '@/app/_server/action'
import { clearWizardState, readWizardState } from '@/app/_server/wizard'
import { completeSignup } from '@/lib/onboarding/complete-signup'

export const completeSignupAction = userAction({
  name: 'complete-signup',
  input: z.object({}),
  run: async (_input, { user, request }) => {
    const { orgSlug, checkoutUrl } = await completeSignup({ state: await readWizardState(user.id), userId: user.id }, request)
    await clearWizardState()
    redirect(checkoutUrl ?? `/${orgSlug}/provisioning`)
  },
})
