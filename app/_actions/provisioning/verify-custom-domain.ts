'use server'
// Settings → Verify now: the DNS proof of the claimed domain, checked at once.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { verifyCustomDomain } from '@/lib/provisioning/verify-custom-domain'

export const verifyCustomDomainAction = orgAction({
  name: 'verify-custom-domain',
  input: z.object({}),
  run: (_input, { org, user, request }) => verifyCustomDomain({ orgId: org.id, userId: user.id }, request),
})
