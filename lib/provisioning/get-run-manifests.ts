/**
 * The YAML a dry-run provisioning produced (Secret values redacted), for owners and admins to
 * download from the instance panel.
 */
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { isoDay } from '../format'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'

export async function getRunManifests(input: { orgId: string; userId: string }): Promise<{ fileName: string; yaml: string }> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  const run = await db.provisioningRun.findFirst({
    where: { tenant: { orgId: input.orgId }, manifests: { not: null } },
    orderBy: { startedAt: 'desc' },
    select: { manifests: true, startedAt: true, tenant: { select: { slug: true } } },
  })
  if (!run?.manifests) throw new AppError('NOT_FOUND', 'No rendered manifests are stored for this instance')
  return { fileName: `${run.tenant.slug}-${isoDay(run.startedAt)}.yaml`, yaml: run.manifests }
}
