'use server'
// Settings → Delete organization: an owner types the address to schedule the deletion.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { textField } from '@/lib/errors/input'
import { requestOrganizationDeletion } from '@/lib/orgs/delete-organization'

export const requestOrganizationDeletionAction = orgAction({
  name: 'request-organization-deletion',
  input: z.object({ confirmation: textField('Type the organization’s address to confirm', 200) }),
  run: ({ confirmation }, { org, user, request }) => requestOrganizationDeletion({ orgId: org.id, userId: user.id, confirmation }, request),
})
