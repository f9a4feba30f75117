// Every 15 minutes: the DNS proof of every instance's domains (lib/provisioning/check-custom-domains.ts):
// pending claims proved now are served; served domains without proof are counted, flagged after 3
// checks and removed from the Ingress 72 hours later.
import { defineJob } from '@/lib/jobs/define'
import { checkCustomDomains } from '@/lib/provisioning/check-custom-domains'

export const checkCustomDomainsJob = defineJob(
  { id: 'provisioning-check-custom-domains', trigger: { cron: '*/15 * * * *' }, retries: 2 },
  async ({ step }) => step.run('check', () => checkCustomDomains()),
)
