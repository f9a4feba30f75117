/**
 * Provisioning step 4: the instance's credentials Secret (database password, first admin login).
 * Generated once: when the Secret already exists (a retry, a re-provision) it is kept, so the
 * database never loses its password. The admin password is also sealed on the tenant row until
 * its owner reveals it once.
 */
import { randomBytes } from 'node:crypto'
import { db } from '../../db'
import { seal } from '../../security/seal'
import { LABELS, MANAGED_BY } from '../guardrails'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

export const CREDENTIALS_SECRET = 'instance-credentials'
export const CREDENTIALS_PURPOSE = 'instance-credentials'

const password = () => randomBytes(18).toString('base64url')

export async function ensureCredentials(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const ref = { apiVersion: 'v1', kind: 'Secret', name: CREDENTIALS_SECRET, namespace: tenant.namespace }
  if (await target.kube.get(ref)) return { message: `Secret ${CREDENTIALS_SECRET} kept (already present)` }
  const owner = await db.membership.findFirst({
    where: { orgId: tenant.orgId, role: 'OWNER' },
    orderBy: { createdAt: 'asc' },
    select: { user: { select: { email: true } } },
  })
  const adminEmail = owner?.user.email ?? `admin@${tenant.slug}.invalid`
  const adminPassword = password()
  // Sealed first: if applying fails, the retry generates and seals again, so the two agree.
  await db.tenant.update({
    where: { id: tenant.id },
    data: {
      sealedCredentials: seal(JSON.stringify({ email: adminEmail, password: adminPassword }), CREDENTIALS_PURPOSE),
      credentialsReady: true,
    },
  })
  await target.kube.apply(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: CREDENTIALS_SECRET,
        namespace: tenant.namespace,
        labels: { [LABELS.managedBy]: MANAGED_BY, [LABELS.tenant]: tenant.id },
      },
      type: 'Opaque',
      stringData: { 'database-password': password(), 'admin-password': adminPassword, 'admin-email': adminEmail },
    },
    { force: true },
  )
  return { message: `Secret ${CREDENTIALS_SECRET} created (database password, first admin ${adminEmail})` }
}
