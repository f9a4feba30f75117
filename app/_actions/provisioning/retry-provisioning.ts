'use server'
// Instance / progress page → Retry provisioning (owners and admins, a failed instance): a new run, followed live.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { retryProvisioning } from '@/lib/provisioning/retry-provisioning'

export const retryProvisioningAction = orgAction({
  name: 'retry-provisioning',
  input: z.object({}),
  run: async (_input, { org, user }) => {
    await retryProvisioning({ orgId: org.id, userId: user.id })
    redirect(`/${org.slug}/provisioning`)
  },
})
