/**
 * What an app asks of its namespace on a plan, for the guardrails: how many volume claims it
 * creates, which TCP ports this plan exposes (and through how many Services), and its egress.
 * The quota is raised by exactly these (lib/provisioning/guardrails.ts). Pure.
 */
import type { Plan } from '../plans/catalog'
import { type AppDefinition, onPlan, planFlags, replicaCount } from './definition'

export type TcpServiceType = 'LoadBalancer' | 'NodePort'

export interface AppNeeds {
  /** PersistentVolumeClaims the app creates on this plan. */
  claims: number
  /** Declared TCP ports this plan may expose, and the Services carrying them. */
  tcp: { ports: number; services: number; serviceType: TcpServiceType }
  egress: AppDefinition['egress']
}

/**
 * The volume claims an app makes on a plan, by the names the cluster gives them: a volume's claim
 * (its name unless it says otherwise), or `<claim>-<ordinal>` per replica for a claim template.
 */
export function volumeClaims(app: AppDefinition, plan: Plan): { name: string; volume: string }[] {
  const flags = planFlags(app, plan)
  return app.volumes
    .filter((v) => onPlan(v, flags))
    .flatMap((volume) => {
      const claim = volume.claim ?? volume.name
      const component = app.components.find((c) => c.name === volume.component)
      if (!volume.perReplica || !component) return [{ name: claim, volume: volume.name }]
      return Array.from({ length: replicaCount(component.replicas, plan) }, (_, i) => ({ name: `${claim}-${i}`, volume: volume.name }))
    })
}

export function appNeeds(app: AppDefinition, plan: Plan, serviceType: TcpServiceType): AppNeeds {
  const claims = volumeClaims(app, plan).length
  const tcp = app.exposure.tcp.filter((t) => t.plans.includes(plan.id))
  return { claims, tcp: { ports: tcp.length, services: new Set(tcp.map((t) => t.service)).size, serviceType }, egress: app.egress }
}

/**
 * The declared volume a claim in the namespace belongs to: by its claim name, `<claim>-<ordinal>`
 * for a per-replica volume, or `<cluster>-<serial>` for a CloudNativePG Cluster's. undefined for a
 * claim the app does not declare (metering and alerts treat it as metered and alerted: storage in
 * use is never free or silent because a chart made a claim its definition forgot).
 */
export function volumeOfClaim(app: Pick<AppDefinition, 'volumes'>, claimName: string): AppDefinition['volumes'][number] | undefined {
  return app.volumes.find((v) => {
    const claim = v.claim ?? v.name
    if (claimName === claim) return true
    const ordinal = (prefix: string) => claimName.startsWith(`${prefix}-`) && /^\d+$/.test(claimName.slice(prefix.length + 1))
    return (v.perReplica === true && ordinal(claim)) || (v.cnpgCluster !== undefined && ordinal(v.cnpgCluster))
  })
}
