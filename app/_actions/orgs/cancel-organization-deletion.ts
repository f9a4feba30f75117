'use server'
// Settings → Undo deletion: an owner takes a scheduled deletion back.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { cancelOrganizationDeletion } from '@/lib/orgs/delete-organization'

export const cancelOrganizationDeletionAction = orgAction({
  name: 'cancel-organization-deletion',
  input: z.object({}),
  run: (_input, { org, user, request }) => cancelOrganizationDeletion({ orgId: org.id, userId: user.id }, request),
})
