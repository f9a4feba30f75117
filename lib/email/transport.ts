/**
 * The email port: one send() for the whole application. The real implementation speaks SMTP
 * through nodemailer; no nodemailer type leaves this file. Without SMTP_URL (embedded mode)
 * there is no transport at all: the notification outbox keeps every message for the dev
 * mailbox instead of sending it.
 */
import nodemailer from 'nodemailer'
import { getEnv } from '../env'
import { redact } from '../log/logger'

export interface EmailMessage {
  from: string
  to: string
  subject: string
  text: string
  html?: string
  headers?: Record<string, string>
}

export interface EmailTransport {
  send(message: EmailMessage): Promise<{ messageId: string }>
}

/**
 * A failed send. The message never contains the SMTP credentials. `isPermanent` is true when
 * the server refused the message for good (5xx): retrying the same message gets the same answer.
 */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
    readonly isPermanent: boolean,
  ) {
    super(message)
    this.name = 'EmailSendError'
  }
}

const CONNECTION_TIMEOUT_MS = 10_000
const GREETING_TIMEOUT_MS = 10_000
const SOCKET_TIMEOUT_MS = 30_000

/**
 * SMTP through nodemailer, one connection per message. `smtp://user:pass@host:587` upgrades
 * with STARTTLS when the server offers it; `smtps://…:465` is TLS from the start. Query
 * parameters are passed on as nodemailer options, e.g. `?ignoreTLS=true` or `?requireTLS=true`.
 */
export function createSmtpTransport(smtpUrl: string): EmailTransport {
  let url: URL
  try {
    url = new URL(smtpUrl)
  } catch {
    throw new Error('SMTP URL is not a valid URL (expected smtp://user:pass@host:587 or smtps://…)')
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP URL must start with smtp:// or smtps:// (got ${url.protocol}//)`)
  }
  const secrets = secretsOf(url)
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  })

  return {
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
        })
        return { messageId: info.messageId }
      } catch (error) {
        throw toSendError(error, secrets)
      }
    },
  }
}

/** The transport the configuration asks for; null when SMTP_URL is unset (mail is kept, not sent). */
export function emailTransportFromEnv(): EmailTransport | null {
  const smtpUrl = getEnv().SMTP_URL
  return smtpUrl ? createSmtpTransport(smtpUrl) : null
}

/** The password of the URL in every spelling an error message could carry. */
function secretsOf(url: URL): string[] {
  if (!url.password) return []
  const raw = url.password
  let decoded = raw
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    // keep the raw spelling
  }
  const user = decodeURIComponentSafe(url.username)
  const plainAuth = Buffer.from(`\u0000${user}\u0000${decoded}`).toString('base64')
  return [...new Set([raw, decoded, Buffer.from(decoded).toString('base64'), plainAuth])].filter((s) => s.length > 0)
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

function toSendError(error: unknown, secrets: string[]): EmailSendError {
  const details = (error && typeof error === 'object' ? error : {}) as {
    message?: unknown
    code?: unknown
    responseCode?: unknown
    permanent?: unknown
  }
  let message = typeof details.message === 'string' && details.message ? details.message : String(error)
  for (const secret of secrets) message = message.split(secret).join('[redacted]')
  message = String(redact(message))
  const code = typeof details.code === 'string' ? details.code : undefined
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined
  const isPermanent =
    typeof details.permanent === 'boolean' ? details.permanent : responseCode !== undefined && responseCode >= 500 && responseCode !== 503
  return new EmailSendError(message, code, responseCode, isPermanent)
}
