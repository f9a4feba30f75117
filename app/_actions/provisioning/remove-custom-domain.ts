'use server'
// Settings → Remove domain: the instance answers on its own address only.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { setCustomDomain } from '@/lib/provisioning/set-custom-domain'

export const removeCustomDomainAction = orgAction({
  name: 'remove-custom-domain',
  input: z.object({}),
  run: (_input, { org, user, request }) => setCustomDomain({ orgId: org.id, userId: user.id, domain: null }, request),
})
