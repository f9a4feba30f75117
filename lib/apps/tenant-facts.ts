/**
 * The facts of one tenant of one app on one plan (the names lib/apps/definition.ts declares): what
 * an app's `values` mapping may read. Pure: the same inputs always give the same facts.
 *
 * How the plan is shared (docs/apps.md):
 * - A component's limits per pod are floor(plan CPU / memory × share′ / pods), pods being its
 *   `maxReplicas` when autoscaled and its `replicas` otherwise; requests are half the limits.
 * - A volume's claim is floor(plan storage × share′ / claims), claims being the replicas of its
 *   component for a per-replica volume (a StatefulSet's claim template) and 1 otherwise.
 * - share′: components and volumes whose `when` is false on this plan are absent; the present ones
 *   take their shares over in proportion (declared headroom stays headroom).
 * Secrets are never facts: `secret.<name>` names the key of the credentials Secret that holds it.
 */
import { cpuQuantity, memoryQuantity } from '../k8s/quantity'
import type { TcpServiceType } from './app-needs'
import { instanceHost, labelledHost } from './hosts'
import type { Plan } from '../plans/catalog'
import {
  ACCESS_KEY_PAIR_FACTS,
  type AppDefinition,
  type Facts,
  type FactValue,
  hostLabels,
  onPlan,
  planFlags,
  replicaCount,
} from './definition'

export interface FactsTenant {
  id: string
  slug: string
  customDomain: string | null
}

export interface FactsOptions {
  baseDomain: string
  /** The signed license JWT. */
  licenseToken: string
  /** Tenancy's own URL (APP_URL). */
  tenancyUrl: string
  /** The chart version to install; the app's default when omitted. */
  chartVersion?: string
  ingressClassName: string
  clusterIssuer: string
  /** How the cluster exposes TCP ports. */
  tcpServiceType: TcpServiceType
  serviceAccountName: string
  credentialsSecretName: string
  tlsSecretName: string
  /** The instances' mail relay (its password is in the credentials Secret under SMTP_PASSWORD_KEY, never a fact). */
  smtp?: { host: string; port: number; username: string; from: string }
}

/** The key of the credentials Secret that holds the instances' mail relay password. */
export const SMTP_PASSWORD_KEY = 'smtp-password'

/** Floating point: 0.36 / 0.9 is 0.39999…; a share that is exact on paper must floor as such. */
const floor = (x: number) => Math.floor(x + 1e-9)

/** Each present item's share scaled so that the present ones share what all declared ones do. */
function scaledShares<T extends { when?: string }>(
  items: readonly T[],
  share: (item: T) => number,
  flags: Record<string, boolean>,
): Map<T, number> {
  const declared = items.reduce((sum, item) => sum + share(item), 0)
  const here = items.filter((item) => onPlan(item, flags))
  const total = here.reduce((sum, item) => sum + share(item), 0)
  return new Map(here.map((item) => [item, total ? (share(item) * declared) / total : 0]))
}

export function tenantFacts(app: AppDefinition, plan: Plan, tenant: FactsTenant, options: FactsOptions): Facts {
  const baseDomain = options.baseDomain.trim().toLowerCase()
  const customDomain = tenant.customDomain?.trim().toLowerCase() ?? ''
  const chartVersion = options.chartVersion ?? app.defaultVersion
  const version = app.versions.find((v) => v.chart === chartVersion)
  if (!version) throw new Error(`${app.id} has no version ${chartVersion} (known: ${app.versions.map((v) => v.chart).join(', ')})`)
  const tenancyUrl = options.tenancyUrl.replace(/\/+$/, '')
  const smtp = options.smtp ?? { host: '', port: 0, username: '', from: '' }

  const flags = planFlags(app, plan)
  const facts: Record<string, FactValue> = {
    ...flags,
    'tenant.id': tenant.id,
    'tenant.slug': tenant.slug,
    'plan.id': plan.id,
    host: instanceHost(tenant, baseDomain),
    baseDomain,
    customDomain,
    license: options.licenseToken,
    'tenancy.url': tenancyUrl,
    'tenancy.jwksUrl': `${tenancyUrl}/.well-known/jwks.json`,
    'credentials.secretName': options.credentialsSecretName,
    'tcp.serviceType': options.tcpServiceType,
    'version.chart': version.chart,
    'version.app': version.app,
    serviceAccountName: options.serviceAccountName,
    'ingress.className': options.ingressClassName,
    'ingress.clusterIssuer': options.clusterIssuer,
    'ingress.tlsSecretName': options.tlsSecretName,
    'smtp.host': smtp.host,
    'smtp.port': smtp.port,
    'smtp.username': smtp.username,
    'smtp.passwordKey': options.smtp ? SMTP_PASSWORD_KEY : '',
    'smtp.from': smtp.from,
  }
  for (const label of hostLabels(app)) facts[`host.${label}`] = labelledHost(label, tenant.slug, baseDomain)

  const cpu = scaledShares(app.components, (c) => c.cpuShare, flags)
  const memory = scaledShares(app.components, (c) => c.memoryShare, flags)
  for (const c of app.components) {
    if (!cpu.has(c)) continue
    const pods = replicaCount(c.maxReplicas ?? c.replicas, plan)
    const millicores = Math.max(1, floor((plan.limits.cpuMillicores * cpu.get(c)!) / pods))
    const mebibytes = Math.max(1, floor((plan.limits.memoryMiB * memory.get(c)!) / pods))
    Object.assign(facts, {
      [`component.${c.name}.cpuMillicores`]: millicores,
      [`component.${c.name}.memoryMiB`]: mebibytes,
      [`component.${c.name}.cpu`]: cpuQuantity(millicores),
      [`component.${c.name}.memory`]: memoryQuantity(mebibytes),
      [`component.${c.name}.cpuRequest`]: cpuQuantity(Math.max(1, Math.floor(millicores / 2))),
      [`component.${c.name}.memoryRequest`]: memoryQuantity(Math.max(1, Math.floor(mebibytes / 2))),
      [`component.${c.name}.replicas`]: replicaCount(c.replicas, plan),
      [`component.${c.name}.maxReplicas`]: pods,
    })
  }

  for (const [name, volume] of volumeSizes(app, plan)) {
    facts[`volume.${name}.size`] = volume.size
    facts[`volume.${name}.accessModes`] = volume.accessModes
  }

  for (const s of app.secrets) {
    if (s.kind === 'accessKeyPair') {
      for (const half of ACCESS_KEY_PAIR_FACTS) facts[`secret.${s.name}.${half}`] = accessKeyPairKeys(s.name)[half]
    } else {
      facts[`secret.${s.name}`] = s.name
      if (s.kind === 'basicAuth') facts[`secret.${s.name}.secretName`] = s.name
    }
  }
  return facts
}

/**
 * The size of one claim of each volume present on the plan, and its access modes: they follow from
 * the app and the plan alone (the tenant's facts include them; a plan change grows claims to them).
 */
export function volumeSizes(app: AppDefinition, plan: Plan): Map<string, { size: string; accessModes: string[] }> {
  const storage = scaledShares(app.volumes, (v) => v.share, planFlags(app, plan))
  const sizes = new Map<string, { size: string; accessModes: string[] }>()
  for (const v of app.volumes) {
    if (!storage.has(v)) continue
    const component = app.components.find((c) => c.name === v.component)
    const holders = component ? replicaCount(component.replicas, plan) : 1
    const claims = v.perReplica ? holders : 1
    const mebibytes = Math.max(1, floor((plan.limits.storageGiB * 1024 * storage.get(v)!) / claims))
    sizes.set(v.name, {
      size: memoryQuantity(mebibytes),
      accessModes: !v.perReplica && holders > 1 ? ['ReadWriteMany'] : ['ReadWriteOnce'],
    })
  }
  return sizes
}

/** The two keys of the credentials Secret that hold an access-key pair. */
export function accessKeyPairKeys(name: string): Record<(typeof ACCESS_KEY_PAIR_FACTS)[number], string> {
  return { accessKey: `${name}-access-key`, secretKey: `${name}-secret-key` }
}
