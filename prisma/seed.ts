/**
 * Demo data, idempotent: every row has a natural key (email, slug, invoice number, sample window)
 * and is upserted or inserted with skipDuplicates, so running the seed twice changes nothing.
 *
 *   super-admin  (ADMIN_EMAIL or admin@tenancy.local)
 *   acme     Acme Analytics  pro, ACTIVE,   tenant ACTIVE,    three paid invoices
 *   globex   Globex Labs     pro, TRIALING, tenant ACTIVE,    trial ends in 5 days
 *   initech  Initech         pro, PAST_DUE, tenant SUSPENDED, one open invoice past its grace period
 * and 90 days of hourly usage samples for each tenant.
 */
import type { Db } from '../lib/db'
import { upsertUsageSamples, type UsageSampleInput } from '../lib/metering/upsert-usage-samples'
import { hashPassword } from '../lib/auth/password'
import { findPlan } from '../lib/plans/catalog'

export interface SeedOptions {
  admin: { email: string; password: string }
  demoPassword: string
  baseDomain: string
  now?: Date
  /** Hours of usage history per tenant (90 days by default). */
  usageHours?: number
}

export interface SeedReport {
  adminCreated: boolean
  organizations: number
  usageSamplesInserted: number
  invoicesInserted: number
}

const HOUR = 3_600_000
const GIB = 1024 ** 3

const ORGS = [
  { slug: 'acme', name: 'Acme Analytics', owner: 'alice@acme.test', ownerName: 'Alice Archer', state: 'active' },
  { slug: 'globex', name: 'Globex Labs', owner: 'gary@globex.test', ownerName: 'Gary Glass', state: 'trial' },
  { slug: 'initech', name: 'Initech', owner: 'ida@initech.test', ownerName: 'Ida Innes', state: 'suspended' },
] as const

/** Deterministic pseudo-random numbers, so the demo looks the same on every machine. */
function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function startOfHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR) * HOUR)
}

function monthStart(date: Date, monthsBack: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack, 1))
}

export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedReport> {
  const now = options.now ?? new Date()
  const pro = findPlan('pro')!
  const report: SeedReport = { adminCreated: false, organizations: 0, usageSamplesInserted: 0, invoicesInserted: 0 }

  const adminEmail = options.admin.email.toLowerCase()
  const existingAdmin = await db.user.findUnique({ where: { email: adminEmail } })
  if (!existingAdmin) {
    await db.user.create({
      data: {
        email: adminEmail,
        name: 'Super Admin',
        passwordHash: await hashPassword(options.admin.password),
        emailVerifiedAt: now,
        isSuperAdmin: true,
      },
    })
    report.adminCreated = true
  }

  const demoHash = await hashPassword(options.demoPassword)
  for (const [index, spec] of ORGS.entries()) {
    const owner = await db.user.upsert({
      where: { email: spec.owner },
      update: {},
      create: { email: spec.owner, name: spec.ownerName, passwordHash: demoHash, emailVerifiedAt: now },
    })
    const org = await db.organization.upsert({
      where: { slug: spec.slug },
      update: {},
      create: { slug: spec.slug, name: spec.name, billingEmail: spec.owner, createdAt: new Date(now.getTime() - 120 * 24 * HOUR) },
    })
    await db.membership.upsert({
      where: { orgId_userId: { orgId: org.id, userId: owner.id } },
      update: {},
      create: { orgId: org.id, userId: owner.id, role: 'OWNER' },
    })

    const periodStart = monthStart(now, 0)
    const periodEnd = monthStart(now, -1)
    const subscription =
      spec.state === 'active'
        ? { status: 'ACTIVE' as const, currentPeriodStart: periodStart, currentPeriodEnd: periodEnd }
        : spec.state === 'trial'
          ? { status: 'TRIALING' as const, trialEndsAt: new Date(now.getTime() + 5 * 24 * HOUR) }
          : {
              status: 'PAST_DUE' as const,
              currentPeriodStart: periodStart,
              currentPeriodEnd: periodEnd,
              pastDueSince: new Date(now.getTime() - 10 * 24 * HOUR),
              graceEndsAt: new Date(now.getTime() - 3 * 24 * HOUR),
            }
    await db.subscription.upsert({
      where: { orgId: org.id },
      update: {},
      create: { orgId: org.id, planId: pro.id, stripePriceKey: pro.stripeLookupKey, ...subscription },
    })

    const tenant = await db.tenant.upsert({
      where: { slug: spec.slug },
      update: {},
      create: {
        orgId: org.id,
        slug: spec.slug,
        namespace: `tenant-${spec.slug}`,
        planId: pro.id,
        state: spec.state === 'suspended' ? 'SUSPENDED' : 'ACTIVE',
        url: `https://${spec.slug}.${options.baseDomain}`,
        appVersion: '1.4.2',
        helmRelease: spec.slug,
        lastDeployedAt: new Date(now.getTime() - (10 + index) * 24 * HOUR),
        suspendedAt: spec.state === 'suspended' ? new Date(now.getTime() - 3 * 24 * HOUR) : null,
        suspendReason: spec.state === 'suspended' ? 'payment overdue past the grace period' : null,
        createdAt: new Date(now.getTime() - 100 * 24 * HOUR),
      },
    })
    report.organizations++

    report.usageSamplesInserted += await seedUsage(db, tenant.id, index + 1, now, options.usageHours ?? 90 * 24)
    report.invoicesInserted += await seedInvoices(db, org.id, spec.slug, spec.state, now)
  }
  return report
}

async function seedUsage(db: Db, tenantId: string, seed: number, now: Date, hours: number): Promise<number> {
  const random = prng(seed)
  const end = startOfHour(now)
  const volumes = [
    { name: 'data-app-0', capacity: 20 * GIB, start: 2 * GIB * seed, growthPerHour: (0.004 * GIB * seed) / 2 },
    { name: 'data-postgres-0', capacity: 10 * GIB, start: 1 * GIB, growthPerHour: 0.0015 * GIB },
  ]
  const rows: UsageSampleInput[] = []
  for (let h = hours; h >= 1; h--) {
    const windowStart = new Date(end.getTime() - h * HOUR)
    const windowEnd = new Date(windowStart.getTime() + HOUR)
    const elapsed = hours - h
    const daily = 0.6 + 0.4 * Math.sin(((windowStart.getUTCHours() - 6) / 24) * 2 * Math.PI)
    for (const v of volumes) {
      const used = Math.min(v.capacity * 0.97, v.start + v.growthPerHour * elapsed)
      rows.push({ tenantId, metric: 'STORAGE_USED_BYTES', volume: v.name, windowStart, windowEnd, value: Math.round(used).toString() })
      rows.push({ tenantId, metric: 'STORAGE_CAPACITY_BYTES', volume: v.name, windowStart, windowEnd, value: v.capacity.toString() })
    }
    const cpuSeconds = 3600 * (0.15 + 0.35 * daily * seed * 0.5 + random() * 0.1)
    rows.push({ tenantId, metric: 'CPU_CORE_SECONDS', windowStart, windowEnd, value: cpuSeconds.toFixed(3) })
    const egress = (40 + 120 * daily * seed + random() * 30) * 1024 ** 2
    rows.push({ tenantId, metric: 'NETWORK_EGRESS_BYTES', windowStart, windowEnd, value: Math.round(egress).toString() })
  }
  return upsertUsageSamples(db, rows, { onConflict: 'ignore' })
}

async function seedInvoices(db: Db, orgId: string, slug: string, state: string, now: Date): Promise<number> {
  if (state === 'trial') return 0
  const pro = findPlan('pro')!
  const taxRateBps = 800
  const months = state === 'active' ? [3, 2, 1] : [1]
  let inserted = 0
  for (const back of months) {
    const periodStart = monthStart(now, back)
    const periodEnd = monthStart(now, back - 1)
    const number = `INV-${slug.toUpperCase()}-${periodStart.getUTCFullYear()}${String(periodStart.getUTCMonth() + 1).padStart(2, '0')}`
    if (await db.invoice.findUnique({ where: { number } })) continue
    const base = pro.priceCents ?? 0
    const taxCents = Math.round((base * taxRateBps) / 10_000)
    const isPaid = state === 'active'
    await db.invoice.create({
      data: {
        orgId,
        number,
        periodStart,
        periodEnd,
        status: isPaid ? 'PAID' : 'OPEN',
        subtotalCents: base,
        taxRateBps,
        taxCents,
        totalCents: base + taxCents,
        issuedAt: periodEnd,
        dueAt: new Date(periodEnd.getTime() + 7 * 24 * HOUR),
        paidAt: isPaid ? new Date(periodEnd.getTime() + 2 * 24 * HOUR) : null,
        snapshot: { planId: pro.id, planName: pro.name, priceCents: base, rates: pro.rates, taxRateBps, source: 'seed' },
        lines: {
          create: [
            {
              position: 1,
              kind: 'BASE',
              description: `${pro.name} plan`,
              quantity: '1',
              unit: 'month',
              unitPriceCents: String(base),
              amountCents: base,
            },
          ],
        },
      },
    })
    inserted++
  }
  return inserted
}
