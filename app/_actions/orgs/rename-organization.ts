'use server'
// Settings → General: owners and admins rename the organization.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { ORG_NAME_MESSAGES } from '@/lib/orgs/create-organization'
import { renameOrganization } from '@/lib/orgs/update-organization'

export const renameOrganizationAction = orgAction({
  name: 'rename-organization',
  // The name's own rule (controls and direction marks, with its message) is the use case's; the glue refuses a NUL.
  input: z.object({ name: z.string({ message: ORG_NAME_MESSAGES.empty }).max(500, ORG_NAME_MESSAGES.tooLong) }),
  run: ({ name }, { org, user, request }) => renameOrganization({ orgId: org.id, userId: user.id, name }, request),
})
