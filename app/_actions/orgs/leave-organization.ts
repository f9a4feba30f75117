'use server'
// Members → Leave organization, confirmed: the signed-in user leaves (not the last owner) and lands on the dashboard.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { leaveOrganization } from '@/lib/orgs/leave-organization'

export const leaveOrganizationAction = orgAction({
  name: 'leave-organization',
  input: z.object({}),
  run: async (_input, { org, user, request }) => {
    await leaveOrganization({ orgId: org.id, userId: user.id }, request)
    redirect('/dashboard')
  },
})
