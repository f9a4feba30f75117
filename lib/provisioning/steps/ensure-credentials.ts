/**
 * Provisioning step 4: the instance's credentials Secret, holding every secret the app declares
 * (lib/apps/definition.ts: passwords, hex keys, access-key pairs) and the owner's email. Generated
 * once: when the Secret already exists (a retry, a re-provision, an upgrade) its values are kept,
 * so the database never loses its password; a secret a newer definition adds is generated and
 * added beside them. A secret named `admin-password` is the first admin login: it is also sealed
 * on the tenant row until its owner reveals it once.
 */
import { randomBytes } from 'node:crypto'
import { CREDENTIALS_SECRET, instanceSmtp } from '../../apps/platform'
import { accessKeyPairKeys, SMTP_PASSWORD_KEY } from '../../apps/tenant-facts'
import type { AppDefinition } from '../../apps/definition'
import { db } from '../../db'
import { seal } from '../../security/seal'
import { LABELS, MANAGED_BY } from '../guardrails'
import type { KubeObject } from '../../k8s/port'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

export { CREDENTIALS_SECRET }
export const CREDENTIALS_PURPOSE = 'instance-credentials'
/** The declared secret that is the instance's first admin password (revealed once to the owner). */
export const ADMIN_PASSWORD_SECRET = 'admin-password'

const password = () => randomBytes(18).toString('base64url')
/** An access key as S3 servers expect one: 20 characters, upper-case letters and digits. */
const accessKey = () => Array.from(randomBytes(20), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('')

/** Fresh values for every key of the app's declared secrets. */
export function generateSecrets(app: Pick<AppDefinition, 'secrets'>): Record<string, string> {
  const values: Record<string, string> = {}
  for (const secret of app.secrets) {
    if (secret.kind === 'password' || secret.kind === 'basicAuth') values[secret.name] = password()
    else if (secret.kind === 'hexKey')
      values[secret.name] = randomBytes(Math.ceil(secret.length / 2))
        .toString('hex')
        .slice(0, secret.length)
    else {
      const keys = accessKeyPairKeys(secret.name)
      values[keys.accessKey] = accessKey()
      values[keys.secretKey] = randomBytes(30).toString('base64url')
    }
  }
  return values
}

/** The value a key of the credentials Secret holds (data is base64; the dry-run stand-in keeps stringData). */
function valueOf(secret: KubeObject, key: string): string | undefined {
  const plain = (secret.stringData as Record<string, string> | undefined)?.[key]
  if (plain !== undefined) return plain
  const encoded = (secret.data as Record<string, string> | undefined)?.[key]
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8')
}

/**
 * Each basicAuth secret as its own kubernetes.io/basic-auth Secret, with the password the
 * credentials Secret holds for it (one password in two places, both written here). Kept when present.
 */
async function ensureBasicAuthSecrets(target: ClusterTarget, tenant: LoadedTenant, credentials: KubeObject): Promise<string[]> {
  const made: string[] = []
  for (const secret of tenant.app.secrets) {
    if (secret.kind !== 'basicAuth') continue
    const ref = { apiVersion: 'v1', kind: 'Secret', name: secret.name, namespace: tenant.namespace }
    if (await target.kube.get(ref)) continue
    await target.kube.apply(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: secret.name,
          namespace: tenant.namespace,
          labels: { [LABELS.managedBy]: MANAGED_BY, [LABELS.tenant]: tenant.id },
        },
        type: 'kubernetes.io/basic-auth',
        stringData: { username: secret.username, password: valueOf(credentials, secret.name)! },
      },
      { force: true },
    )
    made.push(secret.name)
  }
  return made
}

export async function ensureCredentials(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const ref = { apiVersion: 'v1', kind: 'Secret', name: CREDENTIALS_SECRET, namespace: tenant.namespace }
  const existing = await target.kube.get(ref)
  const generated = generateSecrets(tenant.app)
  // The platform's relay password is not the tenant's: it follows INSTANCE_SMTP_URL on every run.
  const smtp = instanceSmtp()
  const platform: Record<string, string> = smtp ? { [SMTP_PASSWORD_KEY]: smtp.password } : {}
  if (existing) {
    const held = new Set(Object.keys({ ...(existing.data as object | undefined), ...(existing.stringData as object | undefined) }))
    const missing = Object.fromEntries(Object.entries(generated).filter(([key]) => !held.has(key)))
    const stale = Object.fromEntries(Object.entries(platform).filter(([key, value]) => valueOf(existing, key) !== value))
    const changes = { ...missing, ...stale }
    const current = Object.keys(changes).length ? await target.kube.patch(ref, { stringData: changes }) : existing
    const basicAuth = await ensureBasicAuthSecrets(target, tenant, current)
    const added = [...Object.keys(changes), ...basicAuth.map((name) => `Secret ${name}`)]
    return { message: `Secret ${CREDENTIALS_SECRET} kept${added.length ? `; added ${added.join(', ')}` : ' (already present)'}` }
  }
  const owner = await db.membership.findFirst({
    where: { orgId: tenant.orgId, role: 'OWNER' },
    orderBy: { createdAt: 'asc' },
    select: { user: { select: { email: true } } },
  })
  const adminEmail = owner?.user.email ?? `admin@${tenant.slug}.invalid`
  const adminPassword = generated[ADMIN_PASSWORD_SECRET]
  // Sealed first: if applying fails, the retry generates and seals again, so the two agree.
  if (adminPassword) {
    await db.tenant.update({
      where: { id: tenant.id },
      data: {
        sealedCredentials: seal(JSON.stringify({ email: adminEmail, password: adminPassword }), CREDENTIALS_PURPOSE),
        credentialsReady: true,
      },
    })
  }
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
      stringData: { ...generated, ...platform, 'admin-email': adminEmail },
    },
    { force: true },
  )
  const created = await target.kube.get(ref)
  await ensureBasicAuthSecrets(target, tenant, created!)
  const keys = Object.keys(generated)
  return { message: `Secret ${CREDENTIALS_SECRET} created (${keys.length ? `${keys.join(', ')}, ` : ''}first admin ${adminEmail})` }
}
