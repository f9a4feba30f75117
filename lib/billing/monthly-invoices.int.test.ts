// The monthly invoice run on a real database: plan history written by the use cases (the clock
// moved by the billing clock), hourly usage samples, invoices with their lines and snapshot,
// numbering, and a re-run that creates nothing.
import { afterAll, describe, expect, it } from 'vitest'
import { setClockOffset } from '../clock'
import { createOrgWithOwner, createTenant, type TestOrg } from '../orgs/testing/fixtures'
import { useTestDatabase } from '../testing/use-test-database'
import { activateSubscription } from './activate-subscription'
import { changeSubscriptionPlan } from './change-subscription-plan'
import { generateMonthlyInvoices } from './generate-monthly-invoices'
import { exportInvoicesCsv } from './invoice-csv'
import { markInvoicePaid } from './mark-invoice-paid'
import { notifyInvoicesIssued } from './notify-invoices-issued'
import { startSubscription } from './start-subscription'

const database = useTestDatabase({ jobs: 'per-file' })
const periodStart = new Date('2026-11-01T00:00:00Z')
const at = (dayOfNovember: number, hour = 0) => new Date(Date.UTC(2026, 10, dayOfNovember, hour))

afterAll(async () => {
  setClockOffset(undefined)
})

function setClock(date: Date) {
  setClockOffset(date.getTime() - Date.now())
}

async function orgOn(planId: string, from: Date): Promise<TestOrg> {
  setClock(from)
  const org = await createOrgWithOwner(database.db)
  await startSubscription({ orgId: org.id, planId })
  return org
}

async function hourlyUsage(org: TestOrg, perHour: { storageBytes?: number; cpuSeconds?: number; egressBytes?: number }) {
  const tenant = await createTenant(database.db, { orgId: org.id, slug: org.slug, planId: 'pro', state: 'ACTIVE' })
  const rows = []
  for (let h = 0; h < 720; h++) {
    const windowStart = new Date(periodStart.getTime() + h * 3_600_000)
    const windowEnd = new Date(windowStart.getTime() + 3_600_000)
    if (perHour.storageBytes)
      rows.push({
        tenantId: tenant.id,
        metric: 'STORAGE_USED_BYTES' as const,
        volume: 'data',
        windowStart,
        windowEnd,
        value: perHour.storageBytes,
      })
    if (perHour.cpuSeconds)
      rows.push({ tenantId: tenant.id, metric: 'CPU_CORE_SECONDS' as const, volume: '', windowStart, windowEnd, value: perHour.cpuSeconds })
    if (perHour.egressBytes)
      rows.push({
        tenantId: tenant.id,
        metric: 'NETWORK_EGRESS_BYTES' as const,
        volume: '',
        windowStart,
        windowEnd,
        value: perHour.egressBytes,
      })
  }
  await database.db.usageSample.createMany({ data: rows })
}

describe('the monthly invoice run', () => {
  it('invoices each organization once for the month, from its plan history and usage', async () => {
    // activated before November: a full month of pro, with storage and compute beyond the included amounts
    const full = await orgOn('pro', at(-20))
    setClock(at(-6))
    expect(await activateSubscription({ orgId: full.id, userId: full.owner.id })).toMatchObject({ status: 'ACTIVE' })
    await hourlyUsage(full, { storageBytes: 60e9, cpuSeconds: 1.5 * 3600 })
    // free from the 1st, upgraded to pro on the 11th (billing none: the upgrade applies at once)
    const upgraded = await orgOn('free', at(1))
    setClock(at(11))
    expect(await changeSubscriptionPlan({ orgId: upgraded.id, userId: upgraded.owner.id, planId: 'pro' }, null)).toMatchObject({
      effective: 'now',
      planId: 'pro',
    })
    // a pro trial from the 5th: nothing to pay in November
    const trial = await orgOn('pro', at(5))
    // free all month within its included usage: no invoice
    const free = await orgOn('free', at(2))
    await hourlyUsage(free, { storageBytes: 1e9 })
    // signed up after November: not invoiced for it
    const later = await orgOn('free', at(31))
    setClockOffset(undefined)

    const run = await generateMonthlyInvoices({ periodStart, at: at(31, 2) })
    expect(run).toMatchObject({ created: 2, alreadyIssued: 0 })
    const invoices = await database.db.invoice.findMany({ where: { periodStart }, include: { lines: { orderBy: { position: 'asc' } } } })
    const of = (org: TestOrg) => invoices.find((i) => i.orgId === org.id)
    expect(of(trial)).toBeUndefined()
    expect(of(free)).toBeUndefined()
    expect(of(later)).toBeUndefined()

    const a = of(full)!
    expect(a).toMatchObject({
      number: `INV-${full.slug.toUpperCase()}-202611`,
      status: 'OPEN',
      currency: 'usd',
      taxRateBps: 800,
      periodEnd: new Date('2026-12-01T00:00:00Z'),
    })
    // 4900 base + storage (60 - 50 GB-month) × 5 + compute (1080 - 1000 h) × 10 = 4900 + 50 + 800
    expect(a.lines.map((l) => [l.kind, l.quantity.toString(), l.amountCents])).toEqual([
      ['BASE', '1', 4900],
      ['STORAGE', '10', 50],
      ['COMPUTE', '80', 800],
    ])
    expect([a.subtotalCents, a.taxCents, a.totalCents]).toEqual([5750, 460, 6210])

    const b = of(upgraded)!
    // pro from the 11th: 20 of 30 days of 4900 = 3266.67 → 3267; tax 261.36 → 261
    expect(b.lines.map((l) => [l.kind, l.amountCents])).toEqual([['BASE', 3267]])
    expect([b.subtotalCents, b.taxCents, b.totalCents]).toEqual([3267, 261, 3528])
    expect(b.snapshot).toMatchObject({
      taxRateBps: 800,
      plan: { id: 'pro' },
      segments: [
        { planId: 'free', isPaid: true },
        { planId: 'pro', isPaid: true },
      ],
    })

    const again = await generateMonthlyInvoices({ periodStart, at: at(31, 3) })
    expect(again).toMatchObject({ created: 0, alreadyIssued: 2 })
    expect(await database.db.invoice.count({ where: { periodStart } })).toBe(2)
    expect(await database.db.invoiceLine.count({ where: { invoice: { periodStart } } })).toBe(4)

    const emails = await notifyInvoicesIssued(run.invoiceIds)
    expect(emails).toBe(2)
    expect(
      database.jobs.sent
        .filter((e) => e.name === 'notifications/email.requested')
        .map((e) => (e.data as { to: string }).to)
        .sort(),
    ).toEqual([full.owner.email, upgraded.owner.email].sort())
  })
})

describe('the finance export and billing none payments', () => {
  it('exports invoices as CSV with spreadsheet formulas neutralised, and a super-admin marks an invoice paid', async () => {
    setClock(at(3))
    const org = await createOrgWithOwner(database.db, { name: '=HYPERLINK("http://evil.test","click")' })
    await startSubscription({ orgId: org.id, planId: 'pro' })
    await activateSubscription({ orgId: org.id, userId: org.owner.id })
    setClockOffset(undefined)
    const run = await generateMonthlyInvoices({ periodStart, at: at(31, 4) })
    expect(run.created).toBe(1)
    const csv = await exportInvoicesCsv({ from: '2026-11', to: '2026-11' })
    const rows = csv.trimEnd().split('\r\n')
    expect(rows[0]).toBe(
      'number,organization,org_slug,period_start,period_end,status,currency,subtotal_cents,' +
        'tax_rate_bps,tax_cents,total_cents,total,issued_at,due_at,paid_at,stripe_invoice_id',
    )
    const row = rows.find((r) => r.includes(org.slug.toUpperCase()))!
    expect(row).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`)
    expect(rows.every((r) => !/(^|,)[=+\-@]/.test(r))).toBe(true)
    expect(await exportInvoicesCsv({ from: '2026-12' })).toBe(rows[0] + '\r\n')

    const invoiceId = run.invoiceIds[0]!
    const admin = await database.db.user.create({ data: { email: `finance-${org.slug}@example.test`, isSuperAdmin: true } })
    expect(
      await markInvoicePaid(
        { invoiceId, reason: 'bank transfer 2026-12-03' },
        { actor: { userId: admin.id }, request: { requestId: 'req-test' }, now: new Date() },
      ),
    ).toMatchObject({ status: 'PAID' })
    await expect(
      markInvoicePaid({ invoiceId, reason: 'again' }, { actor: { userId: admin.id }, request: { requestId: 'req-test' }, now: new Date() }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await database.db.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).toMatchObject({
      status: 'PAID',
      markedPaidById: admin.id,
    })
    expect(
      await database.db.auditLog.count({ where: { action: 'billing.invoice.marked_paid', targetId: invoiceId, actorUserId: admin.id } }),
    ).toBe(1)
  })
})
