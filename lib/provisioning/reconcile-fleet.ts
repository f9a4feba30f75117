/**
 * The reconciler: compares the namespaces labelled as ours with the tenants in the database.
 * - an ORPHAN_NAMESPACE has no live tenant (reported, never deleted automatically);
 * - a MISSING_NAMESPACE belongs to a tenant that should be running;
 * - DRIFT: a guardrail changed or removed by hand — re-applied at once, and reported.
 * A fixed number of list calls per pass (one per guardrail kind), whatever the fleet size.
 * Findings are upserted per (kind, namespace); those no longer seen are resolved.
 */
import { db, type FindingKind } from '../db'
import type { KubeObject } from '../k8s/port'
import { findApp } from '../apps/catalog'
import { guardrailOptions, needsOf } from '../apps/platform'
import { findPlan } from '../plans/catalog'
import { buildGuardrails, guardrailDrift, guardrailRefs, LABELS, MANAGED_SELECTOR } from './guardrails'
import type { ClusterTarget } from './target'

export interface Finding {
  kind: FindingKind
  namespace: string
  tenantId: string | null
  detail: string
  repaired: boolean
}

const SHOULD_HAVE_NAMESPACE = new Set(['ACTIVE', 'SUSPENDED', 'UPDATING'])

export async function inspectFleet(target: ClusterTarget): Promise<Finding[]> {
  const namespaces = await target.kube.list('v1', 'Namespace', { labelSelector: MANAGED_SELECTOR })
  const tenants = await db.tenant.findMany({
    where: { state: { not: 'DEPROVISIONED' } },
    select: { id: true, orgId: true, slug: true, namespace: true, state: true, planId: true },
  })
  const byNamespace = new Map(tenants.map((t) => [t.namespace, t]))
  const present = new Map(namespaces.map((ns) => [ns.metadata.name, ns]))
  const findings: Finding[] = []

  for (const ns of namespaces) {
    if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') continue
    if (!byNamespace.has(ns.metadata.name)) {
      const claimed = ns.metadata.labels?.[LABELS.tenant]
      findings.push({
        kind: 'ORPHAN_NAMESPACE',
        namespace: ns.metadata.name,
        tenantId: null,
        detail: `Namespace ${ns.metadata.name} is labelled as ours${claimed ? ` (tenant ${claimed})` : ''} but no live tenant owns it`,
        repaired: false,
      })
    }
  }

  const expectedByTenant = new Map<string, KubeObject[]>()
  for (const tenant of tenants) {
    if (!SHOULD_HAVE_NAMESPACE.has(tenant.state)) continue
    if (!present.has(tenant.namespace)) {
      findings.push({
        kind: 'MISSING_NAMESPACE',
        namespace: tenant.namespace,
        tenantId: tenant.id,
        detail: `Tenant ${tenant.slug} is ${tenant.state.toLowerCase()} but namespace ${tenant.namespace} does not exist`,
        repaired: false,
      })
      continue
    }
    const plan = findPlan(tenant.planId)
    const app = plan && findApp(plan.app)
    if (plan && app) expectedByTenant.set(tenant.id, buildGuardrails(plan, needsOf(app, plan), tenant, guardrailOptions()))
  }

  const live = await listGuardrailObjects(target)
  for (const tenant of tenants) {
    const expected = expectedByTenant.get(tenant.id)
    if (!expected) continue
    const actual = expected.map((o) => (o.kind === 'Namespace' ? (present.get(o.metadata.name) ?? null) : (live.get(keyOf(o)) ?? null)))
    const drift = guardrailDrift(expected, actual)
    if (drift.length === 0) continue
    for (const object of expected) await target.kube.apply(object, { force: true })
    findings.push({
      kind: 'DRIFT',
      namespace: tenant.namespace,
      tenantId: tenant.id,
      detail: `${drift.join('; ')} — re-applied`,
      repaired: true,
    })
  }
  return findings
}

const keyOf = (o: Pick<KubeObject, 'kind' | 'metadata'>) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`

async function listGuardrailObjects(target: ClusterTarget): Promise<Map<string, KubeObject>> {
  const kinds = new Map<string, { apiVersion: string; kind: string }>()
  for (const ref of guardrailRefs({ namespace: 'any' }, 'internet'))
    if (ref.kind !== 'Namespace') kinds.set(`${ref.apiVersion}/${ref.kind}`, ref)
  // The namespace's `default` ServiceAccount is not labelled by everyone: list it without a selector.
  const lists = await Promise.all(
    [...kinds.values()].map((k) =>
      target.kube.list(k.apiVersion, k.kind, k.kind === 'ServiceAccount' ? {} : { labelSelector: MANAGED_SELECTOR }),
    ),
  )
  return new Map(lists.flat().map((o) => [keyOf(o), o]))
}

/** Stores a pass's findings; returns those that are new (for the super-admins' attention). */
export async function recordFindings(findings: Finding[], now: Date = new Date()): Promise<Finding[]> {
  const fresh: Finding[] = []
  const seen = new Set<string>()
  for (const f of findings) {
    seen.add(`${f.kind}/${f.namespace}`)
    if (f.kind === 'DRIFT') {
      // Repaired on the spot: recorded as an event, resolved at once.
      await db.reconcileFinding.create({ data: { ...f, firstSeenAt: now, lastSeenAt: now, resolvedAt: now } })
      fresh.push(f)
      continue
    }
    const open = await db.reconcileFinding.findFirst({
      where: { kind: f.kind, namespace: f.namespace, resolvedAt: null },
      select: { id: true },
    })
    if (open)
      await db.reconcileFinding.update({ where: { id: open.id }, data: { lastSeenAt: now, detail: f.detail, tenantId: f.tenantId } })
    else {
      await db.reconcileFinding.create({ data: { ...f, firstSeenAt: now, lastSeenAt: now } })
      fresh.push(f)
    }
  }
  const stillOpen = await db.reconcileFinding.findMany({ where: { resolvedAt: null }, select: { id: true, kind: true, namespace: true } })
  const gone = stillOpen.filter((f) => !seen.has(`${f.kind}/${f.namespace}`)).map((f) => f.id)
  if (gone.length) await db.reconcileFinding.updateMany({ where: { id: { in: gone } }, data: { resolvedAt: now } })
  return fresh
}
