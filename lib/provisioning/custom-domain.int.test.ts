// Custom domains end to end on the dry-run cluster: the use case's checks, the change-domain
// workflow upgrading the release so the Ingress serves the host with TLS, the plan history that
// the invoice's domain fee reads, and the fee itself under an operator's catalog (PLANS_FILE).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateMonthlyInvoices } from '../billing/generate-monthly-invoices'
import { monthOf } from '../billing/invoice-calculation'
import { startSubscription } from '../billing/start-subscription'
import { setClockOffset } from '../clock'
import { resetEnvCache } from '../env'
import { HelmCli } from '../helm/helm'
import { createDryRunKube } from '../k8s/dry-run'
import { validateManifest } from '../k8s/validate'
import { addMember } from '../orgs/testing/fixtures'
import { resetCatalogCache } from '../plans/catalog'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { until } from '../testing/until'
import { getRunManifests } from './get-run-manifests'
import { getCustomDomain } from './get-custom-domain'
import { setCustomDomain } from './set-custom-domain'
import { finishedRun, newTenant, startHarness, waitForState, type Harness } from './testing/harness'

const database = useTestDatabase({ jobs: false })
let harness: Harness

beforeAll(async () => {
  // The operator charges $7.99 a month for a custom domain on pro.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plans-')), 'plans.json')
  fs.writeFileSync(file, JSON.stringify({ plans: [{ id: 'pro', customDomainCentsPerMonth: 799 }] }))
  process.env.PLANS_FILE = file
  resetEnvCache()
  resetCatalogCache()
  harness = startHarness(database.db, {
    mode: 'dry-run',
    kube: createDryRunKube({ validate: validateManifest }),
    helm: new HelmCli(),
    chartPath: 'charts/tenant-instance',
  })
})
afterAll(async () => {
  setClockOffset(undefined)
  await harness?.stop()
  delete process.env.PLANS_FILE
  resetEnvCache()
  resetCatalogCache()
})

async function activeTenant(planId: string) {
  const { org, tenantId } = await newTenant(database.db, planId)
  await startSubscription({ orgId: org.id, planId })
  expect((await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'])).state).toBe('ACTIVE')
  return { org, tenantId }
}

describe('custom domains', () => {
  it('serves the instance on the domain: the release is upgraded, the Ingress has the host and TLS, the URL follows', async () => {
    const { org, tenantId } = await activeTenant('pro')
    expect(await getCustomDomain({ orgId: org.id, userId: org.owner.id })).toMatchObject({
      customDomain: null,
      cnameTarget: `${org.slug}.tenants.localhost`,
      feeCents: 799,
      isReady: true,
    })

    expect(await setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: '  App.Example.ORG. ' })).toEqual({
      customDomain: 'app.example.org',
      cnameTarget: `${org.slug}.tenants.localhost`,
    })
    const run = await finishedRun(database.db, tenantId, 'CHANGE_DOMAIN')
    expect(run.status).toBe('SUCCEEDED')
    expect(run.steps.map((s) => s.name)).toEqual(['mark-updating', 'helm-upgrade', 'wait-app', 'ingress', 'record'])
    const tenant = await waitForState(database.db, tenantId, ['ACTIVE'])
    expect(tenant).toMatchObject({ customDomain: 'app.example.org', url: 'https://app.example.org' })
    const { yaml } = await getRunManifests({ orgId: org.id, userId: org.owner.id })
    expect(yaml).toMatch(/kind: Ingress[\s\S]*- host: app\.example\.org/)
    expect(yaml).toMatch(/tls:\s*\n\s*- hosts:\s*\n\s*- app\.example\.org/)
    expect(await database.db.auditLog.findFirst({ where: { tenantId, action: 'tenant.domain.changed' } })).toMatchObject({
      before: { customDomain: null },
      after: { customDomain: 'app.example.org' },
    })

    // removing it goes back to the instance's own address
    await setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: null })
    await until(
      () => database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
      (t) => t.url === `https://${org.slug}.tenants.localhost`,
    )
    const periods = await database.db.planPeriod.findMany({ where: { orgId: org.id }, orderBy: { startsAt: 'asc' } })
    expect(periods.map((p) => p.customDomain)).toEqual([null, 'app.example.org', null])
  })

  it('refuses bad domains, ours, one already in use, a plan without domains, and members', async () => {
    const { org } = await activeTenant('pro')
    for (const bad of [
      'localhost',
      'no spaces.example.com',
      '-lead.example.com',
      'trail-.example.com',
      'under_score.example.com',
      '10.0.0.1',
      '*.example.com',
      `${'a'.repeat(64)}.example.com`,
      `${'abcdefghi.'.repeat(26)}com`,
      '',
      'https://app.example.com',
    ]) {
      await expectAppError(setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: bad }), 'VALIDATION', { domain: /domain name/ })
    }
    await expectAppError(setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: `shop.tenants.localhost` }), 'VALIDATION', {
      domain: 'Addresses under tenants.localhost are ours; enter a domain you own',
    })
    const taken = await activeTenant('pro')
    await setCustomDomain({ orgId: taken.org.id, userId: taken.org.owner.id, domain: 'taken.example.net' })
    await expectAppError(setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: 'TAKEN.example.net' }), 'VALIDATION', {
      domain: 'This domain is already used by another instance',
    })

    // a failed instance is neither offered the change (the page) nor allowed it (the use case)
    const broken = await activeTenant('pro')
    await database.db.tenant.update({ where: { id: broken.tenantId }, data: { state: 'FAILED' } })
    expect(await getCustomDomain({ orgId: broken.org.id, userId: broken.org.owner.id })).toMatchObject({ isReady: false })
    await expectAppError(setCustomDomain({ orgId: broken.org.id, userId: broken.org.owner.id, domain: 'broken.example.com' }), 'CONFLICT')

    const member = await addMember(database.db, org.id, 'MEMBER')
    await expectAppError(setCustomDomain({ orgId: org.id, userId: member.id, domain: 'mine.example.com' }), 'FORBIDDEN')

    const free = await activeTenant('free')
    expect(await getCustomDomain({ orgId: free.org.id, userId: free.org.owner.id })).toMatchObject({ feeCents: null })
    await expectAppError(
      setCustomDomain({ orgId: free.org.id, userId: free.org.owner.id, domain: 'free.example.com' }),
      'PRECONDITION_FAILED',
    )
    expect(await database.db.tenant.count({ where: { customDomain: { in: ['mine.example.com', 'free.example.com'] } } })).toBe(0)
  })

  it('is billed for the part of the month it was served while paying', async () => {
    const { org } = await activeTenant('pro')
    // paying for pro since before the month (the month after next: wholly ahead of the clock); a domain for its last 10 days
    const { periodStart, periodEnd } = monthOf(new Date(Date.now() + 40 * 86_400_000))
    await database.db.subscription.update({ where: { orgId: org.id }, data: { status: 'ACTIVE', trialEndsAt: null } })
    await database.db.planPeriod.updateMany({
      where: { orgId: org.id },
      data: { startsAt: new Date(periodStart.getTime() - 86_400_000), isPaid: true },
    })
    const days = (periodEnd.getTime() - periodStart.getTime()) / 86_400_000
    const from = new Date(periodEnd.getTime() - 10 * 86_400_000)
    setClockOffset(from.getTime() - Date.now())
    await setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: 'billed.example.com' })
    setClockOffset(undefined)
    await finishedRun(database.db, (await database.db.tenant.findFirstOrThrow({ where: { orgId: org.id } })).id, 'CHANGE_DOMAIN')

    await generateMonthlyInvoices({ periodStart })
    const invoice = await database.db.invoice.findUniqueOrThrow({
      where: { orgId_periodStart: { orgId: org.id, periodStart } },
      include: { lines: { orderBy: { position: 'asc' } } },
    })
    const domainLine = invoice.lines.find((l) => l.kind === 'DOMAIN')!
    expect(domainLine.description).toBe('Custom domain billed.example.com (part of the month)')
    expect(domainLine.amountCents).toBe(Math.round((799 * 10) / days)) // 10 days of the month's 28–31
    expect(invoice.lines.find((l) => l.kind === 'BASE')!.amountCents).toBe(4900)
  })
})
