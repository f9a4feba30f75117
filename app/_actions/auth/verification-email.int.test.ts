// The verification email end to end below the browser: the sign-up form's action → the embedded
// job runner delivers notifications/email.requested → a real SMTP server on 127.0.0.1 receives the
// email → its link, followed through the /verify page's action, verifies the address, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmailRunner } from '@/app/_server/testing/email-runner'
import { getEnv, resetEnvCache } from '@/lib/env'
import { INVALID_SIGN_UP_LINK } from '@/lib/auth/pending-sign-up'
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-db'
import { startSmtpServer, type TestSmtpServer } from '@/lib/testing/smtp-server'
import { RouteClient } from '@/lib/testing/route-client'
import { until } from '@/lib/testing/until'
import { signUpAction } from './sign-up'
import { verifyEmailAction } from './verify-email'

let database: TestDatabase
let emails: ReturnType<typeof startEmailRunner>
let smtp: TestSmtpServer

beforeAll(async () => {
  smtp = await startSmtpServer()
  // Delivery reads SMTP_URL through lib/env.ts, as in production.
  process.env.SMTP_URL = smtp.url
  resetEnvCache()
  database = await createTestDatabase()
  emails = startEmailRunner(database.db)
})
afterAll(async () => {
  await emails?.stop()
  await database?.close()
  await smtp?.close()
  delete process.env.SMTP_URL
  resetEnvCache()
})

/** The text of a raw MIME message with quoted-printable soft breaks and escapes undone. */
function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

describe('sign-up → verification email over SMTP → link → verified', () => {
  it('delivers the link of the new account through the real SMTP server, and the link verifies the address once', async () => {
    const visitor = new RouteClient(getEnv().appUrl)
    const email = 'smtp-verify@example.test'
    const signUp = await visitor.act(signUpAction, {
      email: ' SMTP-Verify@Example.test ',
      password: 'Mailbox-Arrives-Soon-31',
      name: 'Vera',
    })
    expect(signUp.result, JSON.stringify(signUp)).toMatchObject({ ok: true })
    expect(await database.db.user.findUnique({ where: { email } })).toBeNull() // the link makes the account

    // The runner picks the job up and hands the message to the SMTP server.
    await until(
      async () => smtp.messages.filter((m) => m.to.includes(email)).length,
      (n) => n > 0,
      30_000,
    )
    const messages = smtp.messages.filter((m) => m.to.includes(email))
    expect(messages).toHaveLength(1)
    const text = decodeQuotedPrintable(messages[0]!.raw)
    expect(text).toMatch(/^Subject: .*verify/im)
    expect(text).toContain('Vera')
    const link = new RegExp(`${getEnv().appUrl.replace(/[.:/]/g, '\\$&')}/verify\\?token=([\\w-]+)`).exec(text)
    expect(link, text).not.toBeNull()
    // The SMTP server has the message before the runner records the delivery: wait for that.
    const outbox = await until(
      () => database.db.notificationOutbox.findFirstOrThrow({ where: { toEmail: email } }),
      (o) => o.status !== 'PENDING',
      30_000,
    )
    expect(outbox.status).toBe('SENT')

    // Following the link in the browser that signed up: the /verify page submits its token to the action.
    const token = link![1]!
    const verified = await visitor.act(verifyEmailAction, { token })
    expect(verified.result, JSON.stringify(verified)).toMatchObject({
      ok: true,
      data: { message: expect.stringContaining('Your email address is verified.') },
    })
    const { id: userId, emailVerifiedAt } = await database.db.user.findUniqueOrThrow({ where: { email } })
    expect(emailVerifiedAt).toBeInstanceOf(Date)
    expect(await database.db.auditLog.count({ where: { action: 'auth.email.verified', targetId: userId } })).toBe(1)

    // The link works once.
    const again = await visitor.act(verifyEmailAction, { token })
    expect(again.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { token: [INVALID_SIGN_UP_LINK] } })
  })
})
