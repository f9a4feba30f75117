// Every background workflow, in one list: the embedded runner executes these definitions and
// /api/inngest serves the same ones to Inngest.
import type { Inngest } from 'inngest'
import type { JobFunction } from '@/lib/jobs/define'
import { toInngestFunction } from '../adapter'
import { sendEmail } from './notifications/send-email'

export const jobFunctions: JobFunction[] = [sendEmail]

export function inngestFunctions(client: Inngest) {
  return jobFunctions.map((fn) => toInngestFunction(client, fn))
}
