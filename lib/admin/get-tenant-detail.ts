/**
 * Everything the console shows about one tenant: the organization and its members, the plan and
 * subscription, the instance with its recent workflow runs (each with its steps), invoices and
 * the newest audit entries. Plain DTOs (dates as ISO strings) for the page's client parts.
 */
import { db, type MemberRole, type TenantState } from '../db'
import { AppError } from '../errors/app-error'
import { findPlan } from '../plans/catalog'

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null

export interface TenantDetail {
  tenant: {
    id: string
    slug: string
    namespace: string
    state: TenantState
    appId: string
    planId: string
    url: string | null
    appVersion: string | null
    helmRelease: string | null
    lastDeployedAt: string | null
    suspendedAt: string | null
    suspendReason: string | null
    createdAt: string
  }
  org: { id: string; name: string; slug: string; billingEmail: string | null; createdAt: string; deletionScheduledFor: string | null }
  members: { userId: string; email: string; name: string | null; role: MemberRole; since: string }[]
  plan: { id: string; name: string; priceCents: number | null } | null
  subscription: {
    status: string
    planId: string
    trialEndsAt: string | null
    currentPeriodEnd: string | null
    pastDueSince: string | null
    graceEndsAt: string | null
    cancelAtPeriodEnd: boolean
    stripeSubscriptionId: string | null
  } | null
  runs: {
    id: string
    kind: string
    status: string
    dryRun: boolean
    startedAt: string
    finishedAt: string | null
    error: string | null
    fromPlanId: string | null
    toPlanId: string | null
    steps: {
      name: string
      status: string
      attempt: number
      startedAt: string
      finishedAt: string | null
      durationMs: number | null
      message: string | null
    }[]
  }[]
  invoices: {
    id: string
    number: string
    status: string
    totalCents: number
    currency: string
    /** Collected by Stripe (its status follows Stripe's webhooks). */
    stripeInvoiceId: string | null
    periodStart: string
    issuedAt: string | null
    paidAt: string | null
  }[]
  audit: {
    id: string
    at: string
    action: string
    actorType: string
    actorEmail: string | null
    reason: string | null
    before: unknown
    after: unknown
  }[]
  notifications: { id: string; template: string; to: string; subject: string; status: string; createdAt: string }[]
}

export async function getTenantDetail(input: { tenantId: string }): Promise<TenantDetail> {
  const tenant = await db.tenant.findUnique({
    where: { id: input.tenantId },
    include: {
      org: {
        include: {
          subscription: true,
          memberships: {
            orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
            take: 100,
            include: { user: { select: { email: true, name: true } } },
          },
          invoices: { orderBy: { periodStart: 'desc' }, take: 24 },
        },
      },
      provisioningRuns: {
        orderBy: { startedAt: 'desc' },
        take: 10,
        include: { steps: { orderBy: { position: 'asc' } } },
        omit: { manifests: true },
      },
    },
  })
  if (!tenant) throw new AppError('NOT_FOUND', 'No such tenant')
  const [audit, notifications] = await Promise.all([
    db.auditLog.findMany({ where: { OR: [{ tenantId: tenant.id }, { orgId: tenant.orgId }] }, orderBy: { at: 'desc' }, take: 50 }),
    db.notificationOutbox.findMany({
      where: { OR: [{ orgId: tenant.orgId }, { toEmail: { in: tenant.org.memberships.map((m) => m.user.email) } }] },
      orderBy: { createdAt: 'desc' },
      take: 20,
      select: { id: true, template: true, toEmail: true, subject: true, status: true, createdAt: true },
    }),
  ])
  const actorIds = [...new Set(audit.map((a) => a.actorUserId).filter((id): id is string => Boolean(id)))]
  const actors = new Map(
    (await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]),
  )
  const plan = findPlan(tenant.planId)
  const sub = tenant.org.subscription
  return {
    tenant: {
      id: tenant.id,
      slug: tenant.slug,
      namespace: tenant.namespace,
      state: tenant.state,
      appId: tenant.appId,
      planId: tenant.planId,
      url: tenant.url,
      appVersion: tenant.appVersion,
      helmRelease: tenant.helmRelease,
      lastDeployedAt: iso(tenant.lastDeployedAt),
      suspendedAt: iso(tenant.suspendedAt),
      suspendReason: tenant.suspendReason,
      createdAt: tenant.createdAt.toISOString(),
    },
    org: {
      id: tenant.org.id,
      name: tenant.org.name,
      slug: tenant.org.slug,
      billingEmail: tenant.org.billingEmail,
      createdAt: tenant.org.createdAt.toISOString(),
      deletionScheduledFor: iso(tenant.org.deletionScheduledFor),
    },
    members: tenant.org.memberships.map((m) => ({
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      since: m.createdAt.toISOString(),
    })),
    plan: plan ? { id: plan.id, name: plan.name, priceCents: plan.priceCents ?? null } : null,
    subscription: sub && {
      status: sub.status,
      planId: sub.planId,
      trialEndsAt: iso(sub.trialEndsAt),
      currentPeriodEnd: iso(sub.currentPeriodEnd),
      pastDueSince: iso(sub.pastDueSince),
      graceEndsAt: iso(sub.graceEndsAt),
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
      stripeSubscriptionId: sub.stripeSubscriptionId,
    },
    runs: tenant.provisioningRuns.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      dryRun: r.dryRun,
      startedAt: r.startedAt.toISOString(),
      finishedAt: iso(r.finishedAt),
      error: r.error,
      fromPlanId: r.fromPlanId,
      toPlanId: r.toPlanId,
      steps: r.steps.map((s) => ({
        name: s.name,
        status: s.status,
        attempt: s.attempt,
        startedAt: s.startedAt.toISOString(),
        finishedAt: iso(s.finishedAt),
        durationMs: s.durationMs,
        message: s.message,
      })),
    })),
    invoices: tenant.org.invoices.map((i) => ({
      id: i.id,
      number: i.number,
      status: i.status,
      totalCents: i.totalCents,
      currency: i.currency,
      stripeInvoiceId: i.stripeInvoiceId,
      periodStart: i.periodStart.toISOString(),
      issuedAt: iso(i.issuedAt),
      paidAt: iso(i.paidAt),
    })),
    audit: audit.map((a) => ({
      id: String(a.id),
      at: a.at.toISOString(),
      action: a.action,
      actorType: a.actorType,
      actorEmail: a.actorUserId ? (actors.get(a.actorUserId) ?? null) : null,
      reason: a.reason,
      before: a.before,
      after: a.after,
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      template: n.template,
      to: n.toEmail,
      subject: n.subject,
      status: n.status,
      createdAt: n.createdAt.toISOString(),
    })),
  }
}
