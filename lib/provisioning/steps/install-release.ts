/**
 * Provisioning step 5 (and the heart of a plan change): `helm upgrade --install` of the app's
 * chart (lib/apps/chart-source.ts) with the values its definition maps from the tenant's facts
 * (plan, hosts, a freshly signed license; lib/apps/tenant-facts.ts). A release left half-installed by
 * a crash (pending-install) is removed first, one left half-upgraded (pending-upgrade or
 * pending-rollback) completed by a rollback to that revision, so the retry starts clean.
 *
 * Dry-run: the chart is rendered with `helm template`, every manifest (guardrails included) is
 * validated against the Kubernetes schemas, and the YAML is stored with the run (Secret data
 * redacted) for the UI to offer.
 */
import path from 'node:path'
import { dumpYaml } from '@kubernetes/client-node'
import { chartLocation } from '../../apps/chart-source'
import { platformFacts } from '../../apps/platform'
import { resolveValues } from '../../apps/resolve-values'
import { tenantFacts } from '../../apps/tenant-facts'
import { db } from '../../db'
import { getEnv } from '../../env'
import { AppError } from '../../errors/app-error'
import { plural } from '../../format'
import type { KubeObject } from '../../k8s/port'
import { validateManifests } from '../../k8s/validate'
import { issueLicense } from '../../license/issue-license'
import { RELEASE_NAME, type LoadedTenant } from '../load-tenant'
import { storeManifests } from '../run-recorder'
import type { ClusterTarget } from '../target'

export async function installRelease(target: ClusterTarget, tenant: LoadedTenant, runId: string): Promise<{ message: string }> {
  const env = getEnv()
  const expiresAt = tenant.plan.expiresAfterDays ? new Date(Date.now() + tenant.plan.expiresAfterDays * 86_400_000) : undefined
  const license = await issueLicense({ tenantId: tenant.id, orgId: tenant.orgId, planId: tenant.plan.id, expiresAt })
  const chartVersion = tenant.app.defaultVersion
  const facts = tenantFacts(tenant.app, tenant.plan, tenant, { ...platformFacts(), licenseToken: license.token, chartVersion })
  const values = resolveValues(tenant.app.values, facts)
  const chart = await chartLocation(tenant.app, { helm: target.helm, cacheDir: path.join(env.DATA_DIR, 'charts'), version: chartVersion })
  const release = { name: RELEASE_NAME, namespace: tenant.namespace, chart: chart.dir, values }
  const installed = { helmRelease: RELEASE_NAME, licenseExpiresAt: license.expiresAt, appVersion: String(facts['version.app']) }

  if (target.mode === 'dry-run') {
    const rendered = await target.helm.template(release)
    const invalid = validateManifests(rendered)
    if (invalid.length)
      throw new AppError(
        'VALIDATION',
        `The chart rendered invalid manifests: ${invalid.map((i) => `${i.ref}: ${i.errors.join(', ')}`).join('; ')}`,
      )
    const applied = await target.kube.list('v1', 'Namespace', { labelSelector: `tenancy.dev/tenant=${tenant.id}` })
    const inNamespace = await allInNamespace(target, tenant.namespace)
    await storeManifests(runId, toYaml([...applied, ...inNamespace, ...rendered]))
    await db.tenant.update({ where: { id: tenant.id }, data: installed })
    return { message: `Rendered ${plural(rendered.length, 'object')} with helm template and validated them; nothing applied (dry-run)` }
  }

  // A release an interrupted helm left pending refuses every upgrade ("another operation is in
  // progress"): a half-done install is removed; a half-done upgrade or rollback is completed by
  // rolling "back" to the pending revision itself (its manifest was rendered against the live
  // objects; the revision before it may not even apply: a claim's spec is immutable).
  const existing = await target.helm.status(RELEASE_NAME, tenant.namespace)
  if (existing?.status === 'pending-install') await target.helm.uninstall(RELEASE_NAME, tenant.namespace)
  else if (existing?.status === 'pending-upgrade' || existing?.status === 'pending-rollback')
    await target.helm.rollback(RELEASE_NAME, tenant.namespace, existing.revision)
  const status = await target.helm.upgradeInstall(release)
  await db.tenant.update({ where: { id: tenant.id }, data: installed })
  return { message: `Release ${RELEASE_NAME} revision ${status.revision} ${status.status}` }
}

/** What the dry-run cluster holds in the tenant's namespace (guardrails, the credentials Secret). */
async function allInNamespace(target: ClusterTarget, namespace: string): Promise<KubeObject[]> {
  const kinds: [string, string][] = [
    ['v1', 'ResourceQuota'],
    ['v1', 'LimitRange'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['v1', 'ServiceAccount'],
    ['rbac.authorization.k8s.io/v1', 'Role'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['v1', 'Secret'],
  ]
  const lists = await Promise.all(kinds.map(([apiVersion, kind]) => target.kube.list(apiVersion, kind, { namespace })))
  return lists.flat()
}

/** Multi-document YAML with every Secret's values replaced, so stored manifests hold no secret. */
export function toYaml(objects: KubeObject[]): string {
  return objects
    .map((o) => {
      if (o.kind !== 'Secret') return o
      const redacted = { ...o }
      for (const field of ['data', 'stringData'] as const) {
        const values = o[field] as Record<string, string> | undefined
        if (values) redacted[field] = Object.fromEntries(Object.keys(values).map((k) => [k, '<redacted>']))
      }
      return redacted
    })
    .map((o) => dumpYaml(o).trimEnd())
    .join('\n---\n')
    .concat('\n')
}
