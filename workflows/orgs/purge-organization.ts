// orgs/purge.requested → remove the people → end the subscription → deprovision the instances (waiting
// for the tenant workflow) → remove the instances' data and close the tombstone, audited
// (lib/orgs/purge-organization.ts). One run per organization at a time; every step is idempotent, so a
// crash or a retry resumes. A deletion cancelled before the first step stops the purge there.
import { defineJob } from '@/lib/jobs/define'
import { NonRetriableError } from '@/lib/jobs/step'
import { deprovisionInstances, endSubscription, finishPurge, removePeople } from '@/lib/orgs/purge-organization'
import { stripePort } from '@/lib/stripe/sdk'

/** Waits for the deprovisioning: 1 s, 2 s, 4 s … then every minute, about an hour and a half in all. */
export const DEPROVISION_CHECKS = 96
const waitSeconds = (check: number) => Math.min(60, 2 ** check)

export const purgeOrganizationJob = defineJob(
  {
    id: 'orgs-purge-organization',
    trigger: { event: 'orgs/purge.requested' },
    idempotency: 'event.data.orgId',
    concurrency: { key: 'event.data.orgId', limit: 1 },
    retries: 6,
  },
  async ({ event, step }) => {
    const { orgId } = event.data
    const start = await step.run('remove-people', () => removePeople(orgId))
    if (start.status !== 'started') return start
    const subscription = await step.run('end-subscription', () => endSubscription(orgId, stripePort()))
    for (let check = 0; ; check++) {
      const { remaining } = await step.run(`deprovision-${check}`, () => deprovisionInstances(orgId))
      if (remaining === 0) break
      if (check + 1 >= DEPROVISION_CHECKS)
        throw new NonRetriableError(`${remaining} instance(s) of the organization are still not deprovisioned; see their provisioning runs`)
      await step.sleep(`wait-deprovision-${check}`, `${waitSeconds(check)}s`)
    }
    return step.run('finish', () => finishPurge(orgId, { subscription }))
  },
)
