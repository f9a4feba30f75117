'use server'
// Settings → General: owners and admins rename the organization.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { ORG_NAME_MESSAGES } from '@/lib/orgs/create-organization'
import { renameOrganization } from '@/lib/orgs/update-organization'
import { textField } from '@/lib/errors/input'

export const renameOrganizationAction = orgAction({
  name: 'rename-organization',
  input: z.object({ name: textField(ORG_NAME_MESSAGES.empty, 500, ORG_NAME_MESSAGES.tooLong) }),
  run: ({ name }, { org, user, request }) => renameOrganization({ orgId: org.id, userId: user.id, name }, request),
})
