// Every hour: data exports past their expiry lose their content; builds that never finished are marked
// failed (lib/orgs/data-export-expire.ts).
import { defineJob } from '@/lib/jobs/define'
import { expireDataExports } from '@/lib/orgs/data-export-expire'

export const expireDataExportsJob = defineJob(
  { id: 'orgs-expire-data-exports', trigger: { cron: '41 * * * *' }, retries: 2 },
  async ({ step }) => step.run('expire', () => expireDataExports()),
)
