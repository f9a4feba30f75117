// Custom domains end to end on the dry-run cluster and a REAL DNS server (Knot, started here on a
// random port; lib/testing/dns-server.ts): a claim is only a claim until the DNS proves it (a TXT
// record with the instance's token, or a CNAME to the instance's host); the change-domain
// workflow then upgrades the release so the Ingress serves the host with TLS; the periodic check
// verifies claims, re-checks served domains and removes one whose proof is gone; the plan
// history that the invoice's domain fee reads follows the served domain only.
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
import { jobs } from '../jobs/jobs'
import { createDryRunKube } from '../k8s/dry-run'
import { validateManifest } from '../k8s/validate'
import { addMember } from '../orgs/testing/fixtures'
import { resetCatalogCache } from '../plans/catalog'
import { startDnsServer, type DnsServer } from '../testing/dns-server'
import { expectAppError } from '../testing/expect-app-error'
import { until } from '../testing/until'
import { useTestDatabase } from '../testing/use-test-database'
import { checkCustomDomains } from './check-custom-domains'
import { RECHECK } from './domain-claims'
import { getCustomDomain } from './get-custom-domain'
import { getRunManifests } from './get-run-manifests'
import { setCustomDomain } from './set-custom-domain'
import { finishedRun, newTenant, startHarness, waitForState, type Harness } from './testing/harness'
import { verifyCustomDomain } from './verify-custom-domain'

const database = useTestDatabase({ jobs: false })
let harness: Harness
let dns: DnsServer

beforeAll(async () => {
  dns = await startDnsServer({ zones: ['example.com', 'example.org'] })
  // The operator charges $7.99 a month for a custom domain on pro.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plans-')), 'plans.json')
  fs.writeFileSync(file, JSON.stringify({ plans: [{ id: 'pro', customDomainCentsPerMonth: 799 }] }))
  process.env.PLANS_FILE = file
  process.env.APP_URL = 'https://console.example.net'
  process.env.DNS_SERVERS = dns.server
  resetEnvCache()
  resetCatalogCache()
  harness = startHarness(database.db, {
    mode: 'dry-run',
    kube: createDryRunKube({ validate: validateManifest }),
    helm: new HelmCli(),
  })
})
afterAll(async () => {
  setClockOffset(undefined)
  await harness?.stop()
  await dns?.stop()
  delete process.env.PLANS_FILE
  delete process.env.APP_URL
  delete process.env.DNS_SERVERS
  resetEnvCache()
  resetCatalogCache()
})

async function activeTenant(planId: string) {
  const { org, tenantId } = await newTenant(database.db, planId)
  await startSubscription({ orgId: org.id, planId })
  expect((await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'])).state).toBe('ACTIVE')
  return { org, tenantId }
}

const tenantRow = (tenantId: string) => database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })
const changeDomainRuns = (tenantId: string) => database.db.provisioningRun.count({ where: { tenantId, kind: 'CHANGE_DOMAIN' } })

/** Claims `domain` for the org's instance and returns the TXT record the settings page shows. */
async function claim(org: { id: string; owner: { id: string } }, domain: string) {
  const view = await setCustomDomain({ orgId: org.id, userId: org.owner.id, domain })
  expect(view.pending?.domain).toBe(domain)
  return view.txtRecord!
}

describe('custom domains', () => {
  it('a tenant cannot get an Ingress for a domain it never proved', async () => {
    const { org, tenantId } = await activeTenant('pro')
    await setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: 'unproved.example.com' })
    // whatever renders the release next (a plan change here) must still serve the instance's own host only
    await new Promise((r) => setTimeout(r, 500))
    await waitForState(database.db, tenantId, ['ACTIVE'])
    await jobs.send({ name: 'tenant/plan-change.requested', data: { tenantId, toPlanId: 'enterprise' } })
    expect((await finishedRun(database.db, tenantId, 'CHANGE_PLAN')).status).toBe('SUCCEEDED')
    const { yaml } = await getRunManifests({ orgId: org.id, userId: org.owner.id })
    expect(yaml).not.toMatch(/host: unproved\.example\.com/)
    expect(yaml).toMatch(new RegExp(`- host: ${org.slug}\\.tenants\\.localhost`))
    expect(await database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({
      customDomain: null,
      url: `https://${org.slug}.tenants.localhost`,
    })
    expect(await changeDomainRuns(tenantId)).toBe(0)
    // and checking it (now, or periodically) without a record changes nothing
    await expectAppError(verifyCustomDomain({ orgId: org.id, userId: org.owner.id }), 'PRECONDITION_FAILED')
    await checkCustomDomains()
    expect(await tenantRow(tenantId)).toMatchObject({ customDomain: null, pendingDomain: 'unproved.example.com' })
    expect(await changeDomainRuns(tenantId)).toBe(0)
  })

  it("refuses the control plane's own host and names under it", async () => {
    const { org } = await activeTenant('pro')
    for (const own of ['console.example.net', 'login.console.example.net']) {
      await expectAppError(setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: own }), 'VALIDATION', {
        domain: 'Addresses under console.example.net are ours; enter a domain you own',
      })
    }
    for (const own of ['tenants.localhost', `${org.slug}.tenants.localhost`, 'shop.tenants.localhost']) {
      await expectAppError(setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: own }), 'VALIDATION', {
        domain: 'Addresses under tenants.localhost are ours; enter a domain you own',
      })
    }
    for (const ip of ['10.0.0.1', '127.1', '[::1]', '1.2.3.0x4']) {
      await expectAppError(setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: ip }), 'VALIDATION', {
        domain: 'Enter a domain name, not an IP address',
      })
    }
    await expectAppError(setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: 'app.localhost' }), 'VALIDATION', {
      domain: 'Names under .localhost are not on the public DNS; enter a domain you own',
    })
    expect((await getCustomDomain({ orgId: org.id, userId: org.owner.id }))?.pending).toBeNull()
  })

  it('a TXT record with the instance token proves the domain: the release is upgraded, the Ingress has the host and TLS', async () => {
    const { org, tenantId } = await activeTenant('pro')
    expect(await getCustomDomain({ orgId: org.id, userId: org.owner.id })).toMatchObject({
      customDomain: null,
      pending: null,
      txtRecord: null,
      cnameTarget: `${org.slug}.tenants.localhost`,
      feeCents: 799,
      isReady: true,
    })

    const view = await setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: '  App.Example.ORG. ' })
    expect(view).toMatchObject({
      customDomain: null,
      pending: { domain: 'app.example.org', checkedAt: null, problem: null },
      txtRecord: { name: '_tenancy-challenge.app.example.org', value: expect.stringMatching(/^[0-9a-f]{32}$/) },
      cnameTarget: `${org.slug}.tenants.localhost`,
    })
    expect(await changeDomainRuns(tenantId)).toBe(0)

    // not published yet: the answer says what the DNS holds, and it is recorded for the page
    await expectAppError(verifyCustomDomain({ orgId: org.id, userId: org.owner.id }), 'PRECONDITION_FAILED')
    expect((await getCustomDomain({ orgId: org.id, userId: org.owner.id }))?.pending?.problem).toBe(
      `No TXT record _tenancy-challenge.app.example.org, and app.example.org is not a CNAME of ${org.slug}.tenants.localhost.`,
    )

    await dns.publish({ name: view.txtRecord!.name, type: 'TXT', value: view.txtRecord!.value })
    expect(await verifyCustomDomain({ orgId: org.id, userId: org.owner.id })).toMatchObject({
      verified: 'served',
      customDomain: 'app.example.org',
      pending: null,
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
      actorType: 'USER',
      before: { customDomain: null },
      after: { customDomain: 'app.example.org', proof: 'TXT' },
    })

    // removing it goes back to the instance's own address
    await setCustomDomain({ orgId: org.id, userId: org.owner.id, domain: null })
    await until(
      () => tenantRow(tenantId),
      (t) => t.url === `https://${org.slug}.tenants.localhost`,
    )
    const periods = await database.db.planPeriod.findMany({ where: { orgId: org.id }, orderBy: { startsAt: 'asc' } })
    expect(periods.map((p) => p.customDomain)).toEqual([null, 'app.example.org', null])
    await dns.withdraw(view.txtRecord!.name)
  })

  it("a TXT record with another token does not prove it, nor a CNAME to another host; a CNAME to the instance's host does", async () => {
    const { org, tenantId } = await activeTenant('pro')
    const txt = await claim(org, 'www.example.com')
    await dns.publish(
      { name: txt.name, type: 'TXT', value: 'f'.repeat(32) },
      { name: 'www.example.com', type: 'CNAME', value: 'elsewhere.example.net' },
    )
    const refused = await expectAppError(verifyCustomDomain({ orgId: org.id, userId: org.owner.id }), 'PRECONDITION_FAILED')
    expect(refused.message).toBe(
      `www.example.com is not verified yet. The TXT record _tenancy-challenge.www.example.com does not hold this instance's token, ` +
        `and www.example.com is a CNAME of elsewhere.example.net, not of ${org.slug}.tenants.localhost.`,
    )
    expect(await tenantRow(tenantId)).toMatchObject({ customDomain: null, pendingDomain: 'www.example.com' })

    await dns.withdraw('www.example.com', 'CNAME')
    await dns.publish({ name: 'www.example.com', type: 'CNAME', value: `${org.slug}.tenants.localhost` })
    expect(await verifyCustomDomain({ orgId: org.id, userId: org.owner.id })).toMatchObject({ customDomain: 'www.example.com' })
    expect((await finishedRun(database.db, tenantId, 'CHANGE_DOMAIN')).status).toBe('SUCCEEDED')
    expect(await waitForState(database.db, tenantId, ['ACTIVE'])).toMatchObject({ url: 'https://www.example.com' })
    expect(await database.db.auditLog.findFirst({ where: { tenantId, action: 'tenant.domain.changed' } })).toMatchObject({
      after: { customDomain: 'www.example.com', proof: 'CNAME' },
    })
  })

  it('a claim that was never proved does not block the real owner; the first to prove it is served, the name is then unique', async () => {
    const squatter = await activeTenant('pro')
    const owner = await activeTenant('pro')
    const squatterTxt = await claim(squatter.org, 'contested.example.com')
    const ownerTxt = await claim(owner.org, 'contested.example.com')
    expect(ownerTxt.name).toBe(squatterTxt.name)
    expect(ownerTxt.value).not.toBe(squatterTxt.value) // each instance has its own token

    // the real owner publishes their token: they get it; the squatter's claim proves nothing
    await dns.publish({ name: ownerTxt.name, type: 'TXT', value: ownerTxt.value })
    await expectAppError(verifyCustomDomain({ orgId: squatter.org.id, userId: squatter.org.owner.id }), 'PRECONDITION_FAILED')
    await verifyCustomDomain({ orgId: owner.org.id, userId: owner.org.owner.id })
    expect(await tenantRow(owner.tenantId)).toMatchObject({ customDomain: 'contested.example.com', pendingDomain: null })

    // both tokens published (the squatter convinced the DNS admin too): the served one stays; the unique name refuses the second
    await dns.publish({ name: squatterTxt.name, type: 'TXT', value: squatterTxt.value })
    const refused = await expectAppError(verifyCustomDomain({ orgId: squatter.org.id, userId: squatter.org.owner.id }), 'CONFLICT')
    expect(refused.message).toMatch(/^Proved, but another instance serves contested\.example\.com/)
    await checkCustomDomains()
    expect(await tenantRow(squatter.tenantId)).toMatchObject({ customDomain: null, pendingDomain: 'contested.example.com' })
    expect(await tenantRow(owner.tenantId)).toMatchObject({ customDomain: 'contested.example.com' })
    expect(await changeDomainRuns(squatter.tenantId)).toBe(0)
    await dns.withdraw(ownerTxt.name)
  })

  it('the periodic check verifies claims, re-checks served ones: a proof gone 3 checks is flagged, removed after the grace', async () => {
    const { org, tenantId } = await activeTenant('pro')
    const txt = await claim(org, 'shop.example.org')
    await dns.publish({ name: txt.name, type: 'TXT', value: txt.value })
    await checkCustomDomains()
    expect(await tenantRow(tenantId)).toMatchObject({ customDomain: 'shop.example.org', pendingDomain: null })
    expect((await finishedRun(database.db, tenantId, 'CHANGE_DOMAIN')).status).toBe('SUCCEEDED')
    await waitForState(database.db, tenantId, ['ACTIVE'])
    expect(await database.db.auditLog.findFirst({ where: { tenantId, action: 'tenant.domain.changed' } })).toMatchObject({
      actorType: 'SYSTEM',
    })

    // the record disappears: counted, flagged at the third check, still served during the grace
    await dns.withdraw(txt.name)
    const start = Date.now() + 3_600_000
    const at = (hours: number) => new Date(start + hours * 3_600_000)
    await checkCustomDomains({ now: at(0) })
    await checkCustomDomains({ now: at(0.25) })
    expect(await tenantRow(tenantId)).toMatchObject({ customDomainFailedChecks: 2, customDomainFailingSince: null })
    await checkCustomDomains({ now: at(0.5) })
    expect(await tenantRow(tenantId)).toMatchObject({ customDomain: 'shop.example.org', customDomainFailingSince: at(0.5) })
    expect((await getCustomDomain({ orgId: org.id, userId: org.owner.id }))?.removalAt).toBe(
      new Date(at(0.5).getTime() + RECHECK.graceMs).toISOString(),
    )
    expect(await database.db.auditLog.count({ where: { tenantId, action: 'tenant.domain.flagged' } })).toBe(1)

    // back before the grace ends: the flag goes
    await dns.publish({ name: txt.name, type: 'TXT', value: txt.value })
    await checkCustomDomains({ now: at(1) })
    expect(await tenantRow(tenantId)).toMatchObject({ customDomainFailedChecks: 0, customDomainFailingSince: null })

    // gone again, for good: flagged, then removed once the grace has passed, and the Ingress serves the own host again
    await dns.withdraw(txt.name)
    for (const h of [2, 2.25, 2.5]) await checkCustomDomains({ now: at(h) })
    expect(await tenantRow(tenantId)).toMatchObject({ customDomain: 'shop.example.org', customDomainFailingSince: at(2.5) })
    await checkCustomDomains({ now: at(2.5 + RECHECK.graceMs / 3_600_000 - 0.25) })
    expect(await tenantRow(tenantId)).toMatchObject({ customDomain: 'shop.example.org' })
    const runsBefore = await changeDomainRuns(tenantId)
    await checkCustomDomains({ now: at(2.5 + RECHECK.graceMs / 3_600_000) })
    expect(await tenantRow(tenantId)).toMatchObject({ customDomain: null, pendingDomain: 'shop.example.org' })
    await until(
      () => changeDomainRuns(tenantId),
      (n) => n > runsBefore,
    )
    expect((await finishedRun(database.db, tenantId, 'CHANGE_DOMAIN')).status).toBe('SUCCEEDED')
    expect(await waitForState(database.db, tenantId, ['ACTIVE'])).toMatchObject({ url: `https://${org.slug}.tenants.localhost` })
    const { yaml } = await getRunManifests({ orgId: org.id, userId: org.owner.id })
    expect(yaml).not.toMatch(/host: shop\.example\.org/)
    expect(await database.db.auditLog.findFirst({ where: { tenantId, action: 'tenant.domain.removed' } })).toMatchObject({
      actorType: 'SYSTEM',
      reason: expect.stringContaining('No TXT record _tenancy-challenge.shop.example.org'),
    })
  })

  it('a domain served before verification existed is re-checked too; a lookup without an answer counts for nothing', async () => {
    const proved = await activeTenant('pro')
    const unanswered = await activeTenant('pro')
    // as the migration left them: served, never proved, no token yet
    await database.db.tenant.update({ where: { id: proved.tenantId }, data: { customDomain: 'legacy.example.com' } })
    await database.db.tenant.update({ where: { id: unanswered.tenantId }, data: { customDomain: 'legacy.example.net' } })
    await dns.publish({ name: 'legacy.example.com', type: 'CNAME', value: `${proved.org.slug}.tenants.localhost` })
    await checkCustomDomains()
    expect(await tenantRow(proved.tenantId)).toMatchObject({
      customDomainFailedChecks: 0,
      domainToken: expect.stringMatching(/^[0-9a-f]{32}$/),
    })
    // the test server is not authoritative for example.net: it refuses, which proves nothing either way
    for (let i = 0; i < RECHECK.failuresToFlag + 1; i++) await checkCustomDomains()
    expect(await tenantRow(unanswered.tenantId)).toMatchObject({
      customDomain: 'legacy.example.net',
      customDomainFailedChecks: 0,
      customDomainFailingSince: null,
    })
    expect((await getCustomDomain({ orgId: unanswered.org.id, userId: unanswered.org.owner.id }))?.txtRecord?.name).toBe(
      '_tenancy-challenge.legacy.example.net',
    )
  })

  it('refuses bad domains, a plan without domains, a broken instance and members', async () => {
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

    // a failed instance is neither offered the change (the page) nor allowed it (the use case)
    const broken = await activeTenant('pro')
    await database.db.tenant.update({ where: { id: broken.tenantId }, data: { state: 'FAILED' } })
    expect(await getCustomDomain({ orgId: broken.org.id, userId: broken.org.owner.id })).toMatchObject({ isReady: false })
    await expectAppError(setCustomDomain({ orgId: broken.org.id, userId: broken.org.owner.id, domain: 'broken.example.com' }), 'CONFLICT')

    const member = await addMember(database.db, org.id, 'MEMBER')
    await expectAppError(setCustomDomain({ orgId: org.id, userId: member.id, domain: 'mine.example.com' }), 'FORBIDDEN')
    await expectAppError(verifyCustomDomain({ orgId: org.id, userId: member.id }), 'FORBIDDEN')

    const free = await activeTenant('free')
    expect(await getCustomDomain({ orgId: free.org.id, userId: free.org.owner.id })).toMatchObject({ feeCents: null })
    await expectAppError(
      setCustomDomain({ orgId: free.org.id, userId: free.org.owner.id, domain: 'free.example.com' }),
      'PRECONDITION_FAILED',
    )
    const claimed = {
      OR: [
        { customDomain: { in: ['mine.example.com', 'free.example.com'] } },
        { pendingDomain: { in: ['mine.example.com', 'free.example.com'] } },
      ],
    }
    expect(await database.db.tenant.count({ where: claimed })).toBe(0)
  })

  it('is billed for the part of the month it was served while paying', async () => {
    const { org, tenantId } = await activeTenant('pro')
    // paying for pro since before the month (the month after next: wholly ahead of the clock); a domain for its last 10 days
    const { periodStart, periodEnd } = monthOf(new Date(Date.now() + 40 * 86_400_000))
    await database.db.subscription.update({ where: { orgId: org.id }, data: { status: 'ACTIVE', trialEndsAt: null } })
    await database.db.planPeriod.updateMany({
      where: { orgId: org.id },
      data: { startsAt: new Date(periodStart.getTime() - 86_400_000), isPaid: true },
    })
    const days = (periodEnd.getTime() - periodStart.getTime()) / 86_400_000
    // claimed 5 days before it is proved: those days are not billed
    setClockOffset(periodEnd.getTime() - 15 * 86_400_000 - Date.now())
    const txt = await claim(org, 'billed.example.com')
    setClockOffset(periodEnd.getTime() - 10 * 86_400_000 - Date.now())
    await dns.publish({ name: txt.name, type: 'TXT', value: txt.value })
    await verifyCustomDomain({ orgId: org.id, userId: org.owner.id })
    setClockOffset(undefined)
    await finishedRun(database.db, tenantId, 'CHANGE_DOMAIN')

    await generateMonthlyInvoices({ periodStart })
    const invoice = await database.db.invoice.findUniqueOrThrow({
      where: { orgId_periodStart: { orgId: org.id, periodStart } },
      include: { lines: { orderBy: { position: 'asc' } } },
    })
    const domainLine = invoice.lines.find((l) => l.kind === 'DOMAIN')!
    expect(domainLine.description).toBe('Custom domain billed.example.com (part of the month)')
    expect(domainLine.amountCents).toBe(Math.round((799 * 10) / days)) // 10 days of the month's 28–31
    expect(invoice.lines.find((l) => l.kind === 'BASE')!.amountCents).toBe(4900)
    await dns.withdraw(txt.name)
  })
})
