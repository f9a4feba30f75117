/**
 * The hosts of an instance, one rule for the chart values (lib/apps/tenant-facts.ts) and for the
 * instance panel: the instance's own host (the verified custom domain, or <slug>.<baseDomain>) and
 * one host per label its HTTP routes use, always <label>-<slug>.<baseDomain> (a custom domain
 * proves one name, not its neighbours).
 */
import { type AppDefinition, hostLabels } from './definition'

export function instanceHost(tenant: { slug: string; customDomain: string | null }, baseDomain: string): string {
  return tenant.customDomain?.trim().toLowerCase() || `${tenant.slug}.${baseDomain.trim().toLowerCase()}`
}

export function labelledHost(label: string, slug: string, baseDomain: string): string {
  return `${label}-${slug}.${baseDomain.trim().toLowerCase()}`
}

/** The labelled hosts of an app for a tenant, with what to call them (the route's title, else its label). */
export function labelledHosts(app: Pick<AppDefinition, 'exposure'>, slug: string, baseDomain: string): { title: string; host: string }[] {
  return hostLabels(app).map((label) => ({
    title: app.exposure.http.find((r) => r.host === label && r.title)?.title ?? label,
    host: labelledHost(label, slug, baseDomain),
  }))
}
