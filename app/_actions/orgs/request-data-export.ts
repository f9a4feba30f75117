'use server'
// Settings → Data export: an owner asks for the organization's data; a job builds it and emails them.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { requestDataExport } from '@/lib/orgs/data-export-request'

export const requestDataExportAction = orgAction({
  name: 'request-data-export',
  input: z.object({}),
  run: (_input, { org, user, request, now }) => requestDataExport({ orgId: org.id, userId: user.id }, { ...request, now }),
})
