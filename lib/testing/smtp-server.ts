// A real SMTP server (the smtp-server package) on 127.0.0.1 for tests, collecting what it receives.
import net from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface Received {
  from: string
  to: string[]
  raw: string
}

export interface TestSmtpServer {
  url: string
  messages: Received[]
  close(): Promise<void>
}

/** A real SMTP server on 127.0.0.1; `reject(n)` answers the n-th recipient with an error (or accepts). */
export async function startSmtpServer(
  options: { rejectRcpt?: (attempt: number) => Error | null; onAuth?: (username: string, password: string) => Error | null } = {},
): Promise<TestSmtpServer> {
  const messages: Received[] = []
  let rcptAttempts = 0
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const error = options.onAuth?.(auth.username ?? '', auth.password ?? '')
      if (error) callback(error)
      else callback(null, { user: auth.username })
    },
    onRcptTo(_address, _session, callback) {
      rcptAttempts++
      callback(options.rejectRcpt?.(rcptAttempts) ?? null)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as net.AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}
