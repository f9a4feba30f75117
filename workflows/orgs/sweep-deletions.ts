// Every hour: the owners' email a week before a scheduled deletion, and the purge of every organization past
// its date (lib/orgs/purge-sweep.ts; the purge itself is orgs-purge-organization, one run per organization).
import { defineJob } from '@/lib/jobs/define'
import { sweepOrganizationDeletions } from '@/lib/orgs/purge-sweep'

export const sweepDeletionsJob = defineJob({ id: 'orgs-sweep-deletions', trigger: { cron: '17 * * * *' }, retries: 2 }, async ({ step }) =>
  step.run('sweep', () => sweepOrganizationDeletions()),
)
