/**
 * The fleet overview's figures, each from one aggregate query (whatever the fleet size):
 *   - tenants by state;
 *   - MRR: the catalog's monthly price of every paying subscription (ACTIVE or PAST_DUE; plans
 *     priced by contract count 0 and are listed apart); ARR = 12 × MRR;
 *   - trial conversion over the last 90 days: of the trials that ended in the window, the share
 *     now paying;
 *   - churn over the last 30 days: subscriptions canceled in the window over those paying at its
 *     start (paying now + canceled in the window);
 *   - provisioning p50/p95 over 30 days: successful PROVISION runs, start to finish;
 *   - failed jobs: DEAD and FAILED runs created in the last 24 hours and 7 days;
 *   - new tenants per day over 30 days (the chart).
 */
import { db } from '../db'
import { isoDay } from '../format'
import { getCatalog } from '../plans/catalog'

const DAY = 86_400_000

export interface FleetMetrics {
  tenantsByState: { state: string; count: number }[]
  totalTenants: number
  mrrCents: number
  arrCents: number
  payingSubscriptions: number
  contractSubscriptions: number
  trialConversion: { ended: number; converted: number; rate: number | null }
  churn: { canceled: number; base: number; rate: number | null }
  provisioning: { runs: number; p50Ms: number | null; p95Ms: number | null }
  failedJobs: { last24h: number; last7d: number }
  newTenantsPerDay: { day: string; count: number }[]
}

export async function fleetMetrics(now = new Date()): Promise<FleetMetrics> {
  const d30 = new Date(now.getTime() - 30 * DAY)
  const d90 = new Date(now.getTime() - 90 * DAY)
  const [byState, subsByPlan, trialsEnded, trialsConverted, canceled, provisioning, failed24h, failed7d, perDay] = await Promise.all([
    db.tenant.groupBy({ by: ['state'], _count: { _all: true } }),
    db.subscription.groupBy({ by: ['planId'], where: { status: { in: ['ACTIVE', 'PAST_DUE'] } }, _count: { _all: true } }),
    db.subscription.count({ where: { trialEndsAt: { gte: d90, lt: now } } }),
    db.subscription.count({ where: { trialEndsAt: { gte: d90, lt: now }, status: { in: ['ACTIVE', 'PAST_DUE'] } } }),
    db.subscription.count({ where: { canceledAt: { gte: d30, lt: now } } }),
    db.$queryRawUnsafe<{ runs: bigint | number; p50: number | null; p95: number | null }[]>(
      `SELECT count(*) AS runs,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("finishedAt" - "startedAt")) * 1000) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("finishedAt" - "startedAt")) * 1000) AS p95
       FROM "ProvisioningRun" WHERE "kind" = 'PROVISION' AND "status" = 'SUCCEEDED' AND "finishedAt" IS NOT NULL AND "startedAt" >= $1`,
      d30,
    ),
    db.jobRun.count({ where: { status: { in: ['DEAD', 'FAILED'] }, createdAt: { gte: new Date(now.getTime() - DAY) } } }),
    db.jobRun.count({ where: { status: { in: ['DEAD', 'FAILED'] }, createdAt: { gte: new Date(now.getTime() - 7 * DAY) } } }),
    db.$queryRawUnsafe<{ day: string; count: bigint | number }[]>(
      `SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day, count(*) AS count ` +
        `FROM "Tenant" WHERE "createdAt" >= $1 GROUP BY 1 ORDER BY 1`,
      d30,
    ),
  ])
  const price = new Map(getCatalog().map((p) => [p.id, p.priceCents]))
  let mrrCents = 0
  let payingSubscriptions = 0
  let contractSubscriptions = 0
  for (const s of subsByPlan) {
    const cents = price.get(s.planId as never)
    payingSubscriptions += s._count._all
    if (cents === null || cents === undefined) contractSubscriptions += s._count._all
    else mrrCents += cents * s._count._all
  }
  const counts = new Map(perDay.map((r) => [r.day, Number(r.count)]))
  const newTenantsPerDay: FleetMetrics['newTenantsPerDay'] = []
  for (let i = 29; i >= 0; i--) {
    const day = isoDay(new Date(now.getTime() - i * DAY))
    newTenantsPerDay.push({ day, count: counts.get(day) ?? 0 })
  }
  const prov = provisioning[0]
  const base = payingSubscriptions + canceled
  return {
    tenantsByState: byState.map((s) => ({ state: s.state, count: s._count._all })).sort((a, b) => b.count - a.count),
    totalTenants: byState.reduce((n, s) => n + s._count._all, 0),
    mrrCents,
    arrCents: mrrCents * 12,
    payingSubscriptions,
    contractSubscriptions,
    trialConversion: { ended: trialsEnded, converted: trialsConverted, rate: trialsEnded ? trialsConverted / trialsEnded : null },
    churn: { canceled, base, rate: base ? canceled / base : null },
    provisioning: {
      runs: Number(prov?.runs ?? 0),
      p50Ms: prov?.p50 == null ? null : Number(prov.p50),
      p95Ms: prov?.p95 == null ? null : Number(prov.p95),
    },
    failedJobs: { last24h: failed24h, last7d: failed7d },
    newTenantsPerDay,
  }
}
