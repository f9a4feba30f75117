/**
 * Provisioning step "ingress + TLS": the chart's Ingress exists for the instance host with a TLS
 * section; the certificate itself is cert-manager's to issue (annotation on the Ingress).
 */
import { AppError } from '../../errors/app-error'
import { tenantSelector } from '../guardrails'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

interface IngressSpec {
  rules?: { host?: string }[]
  tls?: { hosts?: string[]; secretName?: string }[]
}

/** The served custom domain (only a domain proved by DNS is ever set here) or the instance's own host. */
export function instanceHost(tenant: Pick<LoadedTenant, 'slug' | 'customDomain'>, baseDomain: string): string {
  return tenant.customDomain ?? `${tenant.slug}.${baseDomain}`
}

export async function checkIngress(
  target: ClusterTarget,
  tenant: LoadedTenant,
  baseDomain: string,
): Promise<{ message: string; result: { url: string } }> {
  const host = instanceHost(tenant, baseDomain)
  const url = `https://${host}`
  if (target.mode === 'dry-run') return { message: `Dry-run: ${url} (Ingress rendered, not applied)`, result: { url } }
  const ingresses = await target.kube.list('networking.k8s.io/v1', 'Ingress', {
    namespace: tenant.namespace,
    labelSelector: tenantSelector(tenant.id),
  })
  const match = ingresses.find((i) => ((i.spec as IngressSpec | undefined)?.rules ?? []).some((r) => r.host === host))
  if (!match) throw new AppError('CONFLICT', `No Ingress in ${tenant.namespace} serves ${host}`)
  const tls = ((match.spec as IngressSpec).tls ?? []).find((t) => t.hosts?.includes(host))
  if (!tls) throw new AppError('CONFLICT', `Ingress ${tenant.namespace}/${match.metadata.name} has no TLS for ${host}`)
  const issuer = match.metadata.annotations?.['cert-manager.io/cluster-issuer']
  return {
    message: `Ingress ${match.metadata.name} → ${url} (TLS secret ${tls.secretName ?? '?'}${issuer ? `, issuer ${issuer}` : ''})`,
    result: { url },
  }
}
