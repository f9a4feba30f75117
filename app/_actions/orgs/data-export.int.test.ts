// An owner's data export end to end: the Settings page's action as the browser submits it, the build job
// and the email job on a real embedded runner, the download route called as Next calls it. The export holds
// the organization's data and nothing of another organization; only an owner of that organization gets it
// (a member who is not an owner, another organization's owner and a visitor get 404); an expired link
// answers 410 and the cleanup job deletes the content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as downloadExport } from '@/app/api/orgs/[org]/exports/[id]/route'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { setClockOffset } from '@/lib/clock'
import { setFallbackDbScope } from '@/lib/db'
import { configureJobs } from '@/lib/jobs/jobs'
import { JobEngine } from '@/lib/jobs/engine'
import { Runner } from '@/lib/jobs/runner'
import { silentLogger } from '@/lib/log/logger'
import { upsertUsageSamples } from '@/lib/metering/upsert-usage-samples'
import { buildDataExport, EXPORT_FORMAT } from '@/lib/orgs/data-export-build'
import { listDataExports } from '@/lib/orgs/data-export-list'
import { renameOrganization } from '@/lib/orgs/update-organization'
import { createInvitation } from '@/lib/orgs/create-invitation'
import { addMember, createOrgWithOwner, createTenant, createUser, type TestOrg } from '@/lib/orgs/testing/fixtures'
import { RouteClient } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { until } from '@/lib/testing/until'
import { buildDataExportJob } from '@/workflows/orgs/build-data-export'
import { expireDataExportsJob } from '@/workflows/orgs/expire-data-exports'
import { sendEmail } from '@/workflows/notifications/send-email'
import { requestDataExportAction } from './request-data-export'

const database = useTestDatabase({ jobs: false })
let engine: JobEngine
let runner: Runner

beforeAll(() => {
  engine = new JobEngine(database.db, [buildDataExportJob, expireDataExportsJob, sendEmail])
  configureJobs(engine)
  runner = new Runner(engine, { pollMs: 20, heartbeat: false, logger: silentLogger }).start()
})
afterAll(async () => {
  setClockOffset(undefined)
  await runner?.stop()
  configureJobs(undefined)
})

const DAY = 86_400_000

/** An organization with a member, an invitation, an instance with usage, an invoice with a line and audit entries. */
async function organizationWithData(tag: string): Promise<TestOrg & { member: { id: string; email: string } }> {
  const db = database.db
  const owner = await createUser(db, { email: `owner-${tag}@${tag}.test`, name: `Owner ${tag}` })
  const org = await createOrgWithOwner(db, { name: `Company ${tag}`, slug: `company-${tag}`, owner })
  await renameOrganization({ orgId: org.id, userId: owner.id, name: `Company ${tag} Group` }, { ip: '203.0.113.9' })
  const member = await addMember(db, org.id, 'MEMBER', await createUser(db, { email: `member-${tag}@${tag}.test`, name: `Member ${tag}` }))
  await createInvitation({ orgId: org.id, actorUserId: owner.id, email: `invitee-${tag}@${tag}.test`, role: 'ADMIN' })
  const tenant = await createTenant(db, { orgId: org.id, slug: org.slug, planId: 'pro', state: 'ACTIVE' })
  const start = Date.UTC(2026, 10, 1)
  await upsertUsageSamples(
    db,
    Array.from({ length: 24 }, (_, h) => ({
      tenantId: tenant.id,
      metric: 'CPU_CORE_SECONDS' as const,
      windowStart: new Date(start + h * 3_600_000),
      windowEnd: new Date(start + (h + 1) * 3_600_000),
      value: 100 + h,
    })),
  )
  await db.invoice.create({
    data: {
      orgId: org.id,
      number: `INV-${tag.toUpperCase()}-202611`,
      periodStart: new Date(start),
      periodEnd: new Date(Date.UTC(2026, 11, 1)),
      status: 'OPEN',
      subtotalCents: 4900,
      taxRateBps: 800,
      taxCents: 392,
      totalCents: 5292,
      snapshot: {},
      lines: {
        create: [
          {
            position: 0,
            kind: 'BASE',
            description: `Pro plan ${tag}`,
            quantity: 1,
            unit: 'month',
            unitPriceCents: 4900,
            amountCents: 4900,
          },
        ],
      },
    },
  })
  return { ...org, name: `Company ${tag} Group`, member }
}

async function requestAndBuild(owner: RouteClient, org: TestOrg) {
  const { result } = await owner.act(requestDataExportAction, { org: org.slug })
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true, data: { status: 'QUEUED' } })
  const id = (result as { data: { id: string } }).data.id
  await until(
    () => database.db.dataExport.findUniqueOrThrow({ where: { id } }),
    (e) => e.status === 'READY',
    60_000,
  )
  return id
}

const download = (client: RouteClient, slug: string, id: string) =>
  client.call(downloadExport, `/api/orgs/${slug}/exports/${id}`, { params: { org: slug, id } })

describe('the data export', () => {
  it("holds the organization's data and nothing of another one, emails the owner, downloads as an attachment never cached", async () => {
    const a = await organizationWithData('alpha')
    const b = await organizationWithData('bravo')
    const owner = await signedInClient(a.owner.id)
    const id = await requestAndBuild(owner, a)

    const response = await download(owner, a.slug, id)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="company-alpha-export-\d{4}-\d{2}-\d{2}\.json"$/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const doc = response.body as unknown as Record<string, unknown> & {
      members: { email: string; role: string }[]
      invitations: { email: string; invitedBy: string }[]
      invoices: { number: string; lines: { description: string; amountCents: number }[] }[]
      usage: { instance: string; metric: string; value: string }[]
      audit: { action: string; actor: string | null; ip?: string }[]
    }
    expect(Number(response.headers.get('content-length'))).toBe(
      (await database.db.dataExport.findUniqueOrThrow({ where: { id } })).sizeBytes,
    )
    expect(doc).toMatchObject({ format: EXPORT_FORMAT, version: 1, organization: { name: 'Company alpha Group', slug: a.slug } })
    expect(doc.members.map((m) => [m.email, m.role]).sort()).toEqual([
      [a.member.email, 'MEMBER'],
      [a.owner.email, 'OWNER'],
    ])
    expect(doc.invitations).toMatchObject([{ email: 'invitee-alpha@alpha.test', invitedBy: a.owner.email }])
    expect(doc.invoices).toMatchObject([{ number: 'INV-ALPHA-202611', lines: [{ description: 'Pro plan alpha', amountCents: 4900 }] }])
    expect(doc.usage).toHaveLength(24)
    expect(doc.usage[0]).toMatchObject({ instance: a.slug, metric: 'CPU_CORE_SECONDS', value: '100' })
    expect(doc.audit.map((e) => e.action)).toEqual(expect.arrayContaining(['org.created', 'org.renamed', 'org.data_export.requested']))
    expect(doc.audit.find((e) => e.action === 'org.renamed')).toMatchObject({ actor: a.owner.email })
    expect(doc.audit.every((e) => !('ip' in e))).toBe(true)
    // Nothing of the other organization, nor any secret.
    const text = JSON.stringify(doc)
    for (const foreign of [b.name, b.slug, b.owner.email, b.member.email, 'invitee-bravo', 'INV-BRAVO', 'Pro plan bravo', 'Owner bravo'])
      expect(text).not.toContain(foreign)
    expect(text).not.toMatch(/tokenHash|passwordHash|sealedCredentials|domainToken/)

    // The owner who asked is emailed where to download it.
    const email = await until(
      () => database.db.notificationOutbox.findFirst({ where: { template: 'data-export-ready', orgId: a.id } }),
      (m) => m !== null,
      30_000,
    )
    expect(email).toMatchObject({ toEmail: a.owner.email, subject: 'The data export of Company alpha Group is ready' })
    expect(email!.bodyText).toContain(`/${a.slug}/settings#data-export`)
    // The Settings page lists it, downloadable.
    expect(await listDataExports({ orgId: a.id, userId: a.owner.id })).toMatchObject([
      { id, status: 'READY', isDownloadable: true, downloadPath: `/api/orgs/${a.slug}/exports/${id}`, requestedBy: 'Owner alpha' },
    ])
    // One export is built at a time: a request while one is being built is refused.
    await database.db.dataExport.create({ data: { orgId: a.id, requestedById: a.owner.id, status: 'BUILDING' } })
    expect((await owner.act(requestDataExportAction, { org: a.slug })).result).toMatchObject({ ok: false, code: 'CONFLICT' })
  })

  it('streams an export of many chunks back as the same JSON (memory stays bounded)', async () => {
    const c = await organizationWithData('charlie')
    const row = await database.db.dataExport.create({ data: { orgId: c.id, requestedById: c.owner.id } })
    const built = await buildDataExport(row.id, { chunkBytes: 512 })
    expect(built).toMatchObject({ status: 'READY', alreadyBuilt: false })
    expect((built as { chunks: number }).chunks).toBeGreaterThan(5)
    expect(await database.db.dataExportChunk.count({ where: { exportId: row.id } })).toBe((built as { chunks: number }).chunks)
    const response = await download(await signedInClient(c.owner.id), c.slug, row.id)
    expect(response.status).toBe(200)
    expect(Number(response.headers.get('content-length'))).toBe((built as { sizeBytes: number }).sizeBytes)
    expect(response.body).toMatchObject({ organization: { slug: c.slug }, usage: expect.any(Array) })
    expect((response.body as unknown as { usage: unknown[] }).usage).toHaveLength(24)
    // Without the harness's fallback scope, as in production: the chunks are read in the
    // request's own scope (row-level security) while the body streams, after the handler returned.
    setFallbackDbScope(undefined)
    try {
      const streamed = await download(await signedInClient(c.owner.id), c.slug, row.id)
      expect(streamed.status).toBe(200)
      expect((streamed.body as unknown as { usage: unknown[] }).usage).toHaveLength(24)
    } finally {
      setFallbackDbScope({ system: { reason: 'test' } })
    }
  })

  it('answers 404 to a member who is not an owner, to another organization’s owner and to a visitor; the action refuses them', async () => {
    const d = await organizationWithData('delta')
    const e = await organizationWithData('echo')
    const id = await requestAndBuild(await signedInClient(d.owner.id), d)
    const admin = await addMember(database.db, d.id, 'ADMIN')

    for (const [who, client] of [
      ['member', await signedInClient(d.member.id)],
      ['admin', await signedInClient(admin.id)],
      ['other owner', await signedInClient(e.owner.id)],
      ['visitor', new RouteClient()],
    ] as const) {
      const response = await download(client, d.slug, id)
      expect(response.status, who).toBe(404)
      expect(JSON.stringify(response.body), who).not.toContain(d.owner.email)
    }
    // Another organization's owner cannot reach it through their own organization's address either.
    expect((await download(await signedInClient(e.owner.id), e.slug, id)).status).toBe(404)

    // The action: the role is checked in the use case (a member is refused), an outsider gets NOT_FOUND.
    expect((await (await signedInClient(d.member.id)).act(requestDataExportAction, { org: d.slug })).result).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    expect((await (await signedInClient(e.owner.id)).act(requestDataExportAction, { org: d.slug })).result).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    })
    expect(await database.db.dataExport.count({ where: { orgId: d.id } })).toBe(1)
  })

  it('expires after 7 days: the link answers 410 and the cleanup job deletes the content', async () => {
    const f = await organizationWithData('foxtrot')
    const owner = await signedInClient(f.owner.id)
    const id = await requestAndBuild(owner, f)
    expect(await database.db.dataExportChunk.count({ where: { exportId: id } })).toBeGreaterThan(0)

    setClockOffset(7 * DAY + 60_000)
    const gone = await download(owner, f.slug, id)
    expect(gone.status).toBe(410)
    expect(gone.body).toMatchObject({ ok: false, code: 'GONE' })

    // The hourly job, as the runner fires it.
    const tick = new Date()
    await engine.createRun(expireDataExportsJob, {
      id: `cron:${expireDataExportsJob.id}:${tick.toISOString()}`,
      name: 'inngest/scheduled.timer',
      data: { cron: '41 * * * *', tick: tick.toISOString() },
      ts: tick.getTime(),
    })
    engine.wake.emit('work')
    await until(
      () => database.db.dataExport.findUniqueOrThrow({ where: { id } }),
      (e) => e.status === 'EXPIRED',
      30_000,
    )
    expect(await database.db.dataExportChunk.count({ where: { exportId: id } })).toBe(0)
    expect((await download(owner, f.slug, id)).status).toBe(410)
    expect(await listDataExports({ orgId: f.id, userId: f.owner.id })).toMatchObject([{ id, status: 'EXPIRED', isDownloadable: false }])
    setClockOffset(undefined)
  })
})
