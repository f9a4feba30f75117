/**
 * What this installation of Tenancy gives every app: the platform's half of a tenant's facts, the
 * app's needs on a plan, and the guardrails' options, read from the environment in one place.
 */
import { getEnv } from '../env'
import { parseProxyEntry } from '../http/client-address'
import type { Plan } from '../plans/catalog'
import { DEFAULT_BLOCKED_CIDRS, GUARDRAIL_NAMES, type GuardrailOptions } from '../provisioning/guardrails'
import { type AppNeeds, appNeeds } from './app-needs'
import type { AppDefinition } from './definition'
import type { FactsOptions } from './tenant-facts'

/** The stable TLS Secret of every instance's host (cert-manager keeps renewing into it). */
export const TLS_SECRET_NAME = 'app-tls'
/** The Secret the workflow creates before install: the app's generated secrets, and the owner's email. */
export const CREDENTIALS_SECRET = 'instance-credentials'

/** The instances' mail relay (INSTANCE_SMTP_URL), its password apart: it goes into each credentials Secret, never into values. */
export function instanceSmtp(): { relay: NonNullable<FactsOptions['smtp']>; password: string } | null {
  const env = getEnv()
  if (!env.INSTANCE_SMTP_URL) return null
  const url = new URL(env.INSTANCE_SMTP_URL)
  const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 587))
  const relay = { host: url.hostname, port, username: decodeURIComponent(url.username), from: env.INSTANCE_SMTP_FROM }
  return { relay, password: decodeURIComponent(url.password) }
}

/** The facts options every tenant shares (the license and the chart version are the tenant's own). */
export function platformFacts(): Omit<FactsOptions, 'licenseToken' | 'chartVersion'> {
  const env = getEnv()
  const smtp = instanceSmtp()
  return {
    ...(smtp ? { smtp: smtp.relay } : {}),
    baseDomain: env.BASE_DOMAIN,
    tenancyUrl: env.appUrl,
    ingressClassName: env.INGRESS_CLASS,
    clusterIssuer: env.CERT_ISSUER,
    tcpServiceType: env.TCP_SERVICE_TYPE,
    serviceAccountName: GUARDRAIL_NAMES.serviceAccount,
    credentialsSecretName: CREDENTIALS_SECRET,
    tlsSecretName: TLS_SECRET_NAME,
  }
}

export function needsOf(app: AppDefinition, plan: Plan): AppNeeds {
  return appNeeds(app, plan, getEnv().TCP_SERVICE_TYPE)
}

export function guardrailOptions(): GuardrailOptions {
  const env = getEnv()
  const extra = env.EGRESS_BLOCKED_CIDRS.map((entry) => {
    const parsed = parseProxyEntry(entry)
    if ('error' in parsed) throw new Error(parsed.error)
    return `${parsed.address}/${parsed.prefix}`
  })
  return { ingressNamespace: env.INGRESS_NAMESPACE, blockedCidrs: [...DEFAULT_BLOCKED_CIDRS, ...extra] }
}
