// Every day: ended rate-limit windows and expired address marks are deleted (lib/auth/prune-rate-limits.ts).
import { pruneRateLimits } from '@/lib/auth/prune-rate-limits'
import { defineJob } from '@/lib/jobs/define'

export const pruneRateLimitsJob = defineJob(
  { id: 'auth-prune-rate-limits', trigger: { cron: '23 4 * * *' }, retries: 2 },
  async ({ step }) => step.run('prune', () => pruneRateLimits()),
)
