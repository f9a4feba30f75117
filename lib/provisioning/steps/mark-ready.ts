/**
 * Provisioning's last steps: record the instance as ACTIVE with its address and deploy time,
 * tell the organization's owners, and audit it.
 */
import { recordAudit } from '../../audit/record-audit'
import { db } from '../../db'
import { getEnv } from '../../env'
import { jobs } from '../../jobs/jobs'
import type { LoadedTenant } from '../load-tenant'

export async function markReady(tenant: LoadedTenant, url: string): Promise<{ message: string }> {
  await db.tenant.update({
    where: { id: tenant.id },
    // The app version is the install step's (install-release.ts: the version its chart installed).
    data: { state: 'ACTIVE', url, lastDeployedAt: new Date(), suspendedAt: null, suspendReason: null },
  })
  await recordAudit({
    action: 'tenant.provisioned',
    actorType: 'SYSTEM',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'tenant',
    targetId: tenant.id,
    after: { state: 'ACTIVE', url, plan: tenant.plan.id },
  })
  return { message: `${url} is ready` }
}

/**
 * Emails the organization's owners ("instance ready" or "provisioning failed"). The dedupe key
 * names the provisioning run, so a retried step or a replayed run sends nothing new.
 */
export async function notifyOwners(
  tenant: LoadedTenant,
  runId: string,
  notice: { template: 'instance-ready'; url: string } | { template: 'provisioning-failed'; reason: string },
): Promise<number> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: tenant.orgId },
    select: { slug: true, memberships: { where: { role: 'OWNER' }, select: { user: { select: { id: true, email: true } } } } },
  })
  const dashboardUrl = `${getEnv().appUrl}/${org.slug}`
  for (const { user } of org.memberships) {
    await jobs.send({
      name: 'notifications/email.requested',
      id: `${notice.template}:${runId}:${user.id}`,
      data: {
        template: notice.template,
        to: user.email,
        userId: user.id,
        orgId: tenant.orgId,
        dedupeKey: `${notice.template}:${runId}:${user.id}`,
        data:
          notice.template === 'instance-ready'
            ? { orgName: tenant.orgName, instanceUrl: notice.url, planName: tenant.plan.name, dashboardUrl }
            : { orgName: tenant.orgName, url: `${dashboardUrl}/provisioning`, reason: notice.reason.slice(0, 500), isRetrying: false },
      },
    })
  }
  return org.memberships.length
}
