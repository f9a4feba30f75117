import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmtpTransport, EmailSendError } from '../email/transport'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { createTestDatabase, type TestDatabase } from '../testing/test-db'
import { closedPort, startSmtpServer, type TestSmtpServer } from '../testing/smtp-server'
import { deliverEmail, OUTBOX_ID_HEADER } from './deliver-email'
import { enqueueEmail } from './enqueue-email'
import { getMailboxMessage, listMailbox } from './mailbox'

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode })
}

/** The unfolded top-level headers and the decoded text/plain part of a raw multipart message. */
function parse(raw: string): { headers: string; text: string } {
  const split = raw.indexOf('\r\n\r\n')
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1]
  if (!boundary) throw new Error(`not a multipart message:\n${raw}`)
  const part = raw
    .slice(split)
    .split(`--${boundary}`)
    .find((p) => /^\r\nContent-Type: text\/plain/i.test(p))
  if (!part) throw new Error(`no text/plain part in:\n${raw}`)
  const partSplit = part.indexOf('\r\n\r\n')
  const encoding = /Content-Transfer-Encoding: ([\w-]+)/i.exec(part.slice(0, partSplit))?.[1]?.toLowerCase() ?? '7bit'
  const body = part.slice(partSplit + 4).replace(/\r\n$/, '')
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body
  return { headers, text: text.replace(/\r\n/g, '\n') }
}

let database: TestDatabase
let smtp: TestSmtpServer
let counter = 0
const key = (what: string) => `test:${what}:${++counter}`

beforeAll(async () => {
  database = await createTestDatabase()
  smtp = await startSmtpServer()
})
afterAll(async () => {
  await smtp?.close()
  await database?.close()
})

describe('enqueueEmail', () => {
  it('renders into a PENDING row, normalizing the address', async () => {
    const { id, isNew } = await enqueueEmail({
      template: 'verify-email',
      to: '  Ada.Lovelace@Example.COM ',
      data: { url: 'https://app.example.com/verify?token=t1' },
      dedupeKey: key('verify'),
      userId: 'user_1',
    })
    expect(isNew).toBe(true)
    const row = await database.db.notificationOutbox.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      toEmail: 'ada.lovelace@example.com',
      template: 'verify-email',
      userId: 'user_1',
      orgId: null,
    })
    expect(row.subject).toBe('Verify your email for Tenancy')
    expect(row.bodyText).toContain('https://app.example.com/verify?token=t1')
    expect(row.bodyHtml).toContain('<!doctype html>')
    expect(row.bodyText).toContain(getEnv().appUrl)
  })

  it('is idempotent on the dedupe key, also when called concurrently', async () => {
    const dedupeKey = key('welcome')
    const options = { template: 'welcome' as const, to: 'grace@example.com', data: { url: 'https://app.example.com' }, dedupeKey }
    const first = await enqueueEmail(options)
    const again = await enqueueEmail({ ...options, data: { name: 'Changed', url: 'https://app.example.com' } })
    expect(again).toEqual({ id: first.id, isNew: false })

    const racing = key('welcome-race')
    const results = await Promise.all([1, 2, 3].map(() => enqueueEmail({ ...options, dedupeKey: racing })))
    expect(results.filter((r) => r.isNew)).toHaveLength(1)
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(await database.db.notificationOutbox.count({ where: { dedupeKey: { in: [dedupeKey, racing] } } })).toBe(2)
  })

  it('refuses a bad address or bad template data before writing anything', async () => {
    const dedupeKey = key('bad')
    await expect(
      enqueueEmail({ template: 'welcome', to: 'not-an-email', data: { url: 'https://app.example.com' }, dedupeKey }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { fieldErrors: { to: ['must be an email address'] } },
    })
    await expect(enqueueEmail({ template: 'welcome', to: 'a@example.com', data: { url: 'ftp://x' }, dedupeKey })).rejects.toThrow(
      /"welcome".*url/,
    )
    expect(await database.db.notificationOutbox.count({ where: { dedupeKey } })).toBe(0)
  })
})

describe('deliverEmail', () => {
  it('sends through SMTP once and marks the row SENT', async () => {
    const before = smtp.messages.length
    const transport = createSmtpTransport(smtp.url)
    const { id } = await enqueueEmail({
      template: 'invitation',
      to: 'Invitee@Example.com',
      data: {
        orgName: 'Acme',
        inviterName: 'Grace',
        role: 'MEMBER',
        url: 'https://app.example.com/invite/abc',
        expiresAt: '2027-03-12T14:00:00Z',
      },
      dedupeKey: key('invite'),
    })

    const delivered = await deliverEmail(id, transport)
    expect(delivered).toMatchObject({ id, status: 'SENT', attempts: 1, lastError: null })
    expect(delivered.sentAt).toBeInstanceOf(Date)

    const received = smtp.messages.slice(before)
    expect(received).toHaveLength(1)
    expect(received[0]!.to).toEqual(['invitee@example.com'])
    const { headers, text } = parse(received[0]!.raw)
    expect(headers).toContain('To: invitee@example.com')
    expect(headers).toContain('Subject: Grace invited you to Acme on Tenancy')
    expect(headers).toMatch(new RegExp(`^${OUTBOX_ID_HEADER}: ${id}\r?$`, 'im')) // header names are case-insensitive
    expect(headers).toContain('Content-Type: multipart/alternative')
    expect(received[0]!.from).toBe('no-reply@tenancy.localhost')
    const row = await database.db.notificationOutbox.findUniqueOrThrow({ where: { id } })
    expect(text.trim()).toBe(row.bodyText.trim())

    // Again, and concurrently: nothing more is sent.
    expect(await deliverEmail(id, transport)).toEqual(delivered)
    await Promise.all([deliverEmail(id, transport), deliverEmail(id, transport)])
    expect(smtp.messages.slice(before)).toHaveLength(1)
  })

  it('sends once when two deliveries of a PENDING row race', async () => {
    const before = smtp.messages.length
    const transport = createSmtpTransport(smtp.url)
    const { id } = await enqueueEmail({
      template: 'welcome',
      to: 'race@example.com',
      data: { url: 'https://app.example.com' },
      dedupeKey: key('race'),
    })
    await Promise.all([deliverEmail(id, transport), deliverEmail(id, transport), deliverEmail(id, transport)])
    expect(smtp.messages.slice(before)).toHaveLength(1)
    expect(await database.db.notificationOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'SENT', attempts: 1 })
  })

  it('keeps the message for the mailbox when there is no transport', async () => {
    const before = smtp.messages.length
    const { id } = await enqueueEmail({
      template: 'storage-warning',
      to: 'owner@example.com',
      data: {
        orgName: 'Acme',
        volume: 'data-app-0',
        percentUsed: 82,
        level: 'warning',
        daysUntilFull: 12,
        url: 'https://app.example.com/acme/storage',
      },
      dedupeKey: key('storage'),
      orgId: 'org_1',
    })
    expect(await deliverEmail(id, null)).toMatchObject({ id, status: 'KEPT', attempts: 0, sentAt: null })
    // Kept is final: a transport appearing later does not send it.
    expect(await deliverEmail(id, createSmtpTransport(smtp.url))).toMatchObject({ status: 'KEPT' })
    expect(smtp.messages.length).toBe(before)

    const page = await listMailbox()
    expect(page.items[0]).toEqual({
      id,
      to: 'owner@example.com',
      subject: 'Storage of Acme is 82% full',
      template: 'storage-warning',
      status: 'KEPT',
      createdAt: expect.any(Date),
    })
    const message = await getMailboxMessage(id)
    expect(message).toMatchObject({ id, status: 'KEPT', orgId: 'org_1', userId: null, attempts: 0, lastError: null, sentAt: null })
    expect(message.text).toContain('data-app-0')
    expect(message.html).toContain('data-app-0')
  })

  it('marks a failed send FAILED, rethrows, and sends once on a later attempt', async () => {
    const before = smtp.messages.length
    const { id } = await enqueueEmail({
      template: 'invoice-issued',
      to: 'billing@example.com',
      data: { orgName: 'Acme', number: 'INV-7', totalCents: 4900, currency: 'USD', url: 'https://app.example.com/acme/invoices/7' },
      dedupeKey: key('invoice'),
    })

    // Nothing listens: connection refused.
    const down = createSmtpTransport(`smtp://127.0.0.1:${await closedPort()}?ignoreTLS=true`)
    await expect(deliverEmail(id, down)).rejects.toBeInstanceOf(EmailSendError)
    const failed = await database.db.notificationOutbox.findUniqueOrThrow({ where: { id } })
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, sentAt: null })
    expect(failed.lastError).toMatch(/ECONNREFUSED/)

    // A server that refuses the recipient once (451, transient), then accepts.
    const flaky = await startSmtpServer({ rejectRcpt: (n) => (n === 1 ? smtpError('Mailbox busy, try later', 451) : null) })
    try {
      const transport = createSmtpTransport(flaky.url)
      const error = await deliverEmail(id, transport).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EmailSendError)
      expect(error).toMatchObject({ responseCode: 451, isPermanent: false })
      expect(await database.db.notificationOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: 'FAILED',
        attempts: 2,
        lastError: expect.stringMatching(/451 Mailbox busy/),
      })

      expect(await deliverEmail(id, transport)).toMatchObject({ status: 'SENT', attempts: 3 })
      expect(await deliverEmail(id, transport)).toMatchObject({ status: 'SENT', attempts: 3 })
      expect(flaky.messages).toHaveLength(1)
      expect(parse(flaky.messages[0]!.raw).headers).toContain('Subject: Invoice INV-7 for Acme: $49.00')
    } finally {
      await flaky.close()
    }
    expect(smtp.messages.length).toBe(before)
    expect(await database.db.notificationOutbox.count({ where: { id } })).toBe(1)
  })

  it('never stores the SMTP password in lastError', async () => {
    const password = 'Sup3r-S3cret-pw'
    const strict = await startSmtpServer({ onAuth: (user, pass) => new Error(`Rejected ${user} with password ${pass}`) })
    try {
      const { id } = await enqueueEmail({
        template: 'welcome',
        to: 'auth@example.com',
        data: { url: 'https://app.example.com' },
        dedupeKey: key('auth'),
      })
      const transport = createSmtpTransport(strict.url.replace('smtp://', `smtp://mailer:${encodeURIComponent(password)}@`))
      const error = (await deliverEmail(id, transport).catch((e: unknown) => e)) as Error
      expect(error.message).toMatch(/Rejected mailer/)
      expect(error.message).not.toContain(password)
      const row = await database.db.notificationOutbox.findUniqueOrThrow({ where: { id } })
      expect(row).toMatchObject({ status: 'FAILED', attempts: 1 })
      expect(row.lastError).toMatch(/Rejected mailer/)
      expect(row.lastError).not.toContain(password)
      expect(strict.messages).toHaveLength(0)
    } finally {
      await strict.close()
    }
  })

  it('answers NOT_FOUND for an unknown id', async () => {
    await expect(deliverEmail('missing', null)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('mailbox', () => {
  it('lists newest first, page by page', async () => {
    for (let i = 0; i < 3; i++) {
      await enqueueEmail({
        template: 'welcome',
        to: `page${i}@example.com`,
        data: { url: 'https://app.example.com' },
        dedupeKey: key('page'),
      })
    }
    const all = await database.db.notificationOutbox.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } })
    const seen: string[] = []
    let cursor: string | undefined
    for (;;) {
      const page = await listMailbox({ take: 2, cursor })
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((item) => item.id))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(seen).toEqual(all.map((row) => row.id))
    expect((await listMailbox()).items[0]!.to).toBe('page2@example.com')
  })

  it('answers NOT_FOUND for a message that does not exist', async () => {
    const error = await getMailboxMessage('missing').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 })
  })
})
