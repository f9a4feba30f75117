'use server'
// Settings → Custom domain: owners and admins claim a domain (served once proved by DNS).
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { textField } from '@/lib/errors/input'
import { DOMAIN_MESSAGES } from '@/lib/provisioning/domain-policy'
import { setCustomDomain } from '@/lib/provisioning/set-custom-domain'

export const setCustomDomainAction = orgAction({
  name: 'set-custom-domain',
  input: z.object({ domain: textField(DOMAIN_MESSAGES.invalid, 300, DOMAIN_MESSAGES.tooLong) }),
  run: ({ domain }, { org, user, request }) => setCustomDomain({ orgId: org.id, userId: user.id, domain }, request),
})
