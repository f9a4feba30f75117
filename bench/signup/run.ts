/**
 * bench/signup — complete sign-ups and sign-ins over HTTP against the production build (`npm start`
 * on a fresh data directory, embedded database, dry-run cluster, no demo seed), through the page
 * forms as a browser without JavaScript submits them: GET the page, POST its form (hidden fields
 * and Next's server-action wiring read from the markup by e2e/form-markup.ts) to run the action,
 * whose answer is a 303 to the next step:
 *   baseline     users one at a time, each waiting for its instance to finish provisioning (dry-run)
 *                before the next starts: each step's latency without contention
 *   accounts     N sign-up actions (the account step) at once, nothing else running: each user loads
 *                the page first, and the N forms are posted together once all pages are in
 *   complete     N users at once through the whole wizard: sign-up → organization → plan → start
 *                (each start queues a provisioning run that the embedded worker executes meanwhile)
 *                with the account made by the link of the sign-up's email before the organization
 *                step, as a user does: the email, sent by the server's worker to the bench's own
 *                SMTP server (SMTP_URL), has a /verify link; its page's form "Verify email address"
 *                is posted like the others, by the same visitor (it signs the visitor in)
 *   sign-in      once those N instances are provisioned, the N users sign in at once (the forms
 *                posted together, as for accounts)
 * Prints p50/p95 per step (the action: form POST → its redirect), for the wizard's four form pages
 * (their GETs, summed per user) and for the whole sign-up (first page GET → the start action's
 * answer, the verification not counted), wall time and errors (a page that is not 200, an action
 * that does not redirect to the next step: the page's alerts say why). The verification has its own
 * rows, outside the timed steps: its action (POST → answer) and when its email arrived (after the
 * sign-up action's answer).
 * Each simulated user has its own cookies and client address (X-Forwarded-For, as a proxy would
 * set it): the per-IP sign-up limit (10 an hour) is meant for one address, not for 50 people.
 * Runs on the embedded PGlite, then on PostgreSQL when one answers (DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres: a fresh database, dropped after).
 * usage: npm run bench:signup [-- --users 50 --baseline 5]
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { SMTPServer } from 'smtp-server'
import { formDataOf, alertsOf } from '../../e2e/form-markup'
import { numberArg, percentile } from '../lib/args'

const USERS = numberArg('users', 50)
const BASELINE = numberArg('baseline', 5)
const PORT = 3230
const BASE = `http://127.0.0.1:${PORT}`
const PASSWORD = 'Bench-Mark-Passphrase-2026'
const tsx = path.resolve('node_modules/tsx/dist/cli.mjs')
const PG_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'

type Step = 'sign-up' | 'organization' | 'plan' | 'start' | 'sign-in'
type Measure = Step | 'wizard pages' | 'whole sign-up' | 'email arrives' | 'verify'

interface Answer {
  status: number
  ms: number
  text: string
  /** The redirect's target path, for a 3xx answer (redirects are not followed: their cookies count). */
  location?: string
}

class Visitor {
  private cookies = new Map<string, string>()
  constructor(readonly ip: string) {}

  get(url: string) {
    return this.send('GET', url)
  }

  /**
   * GET the form's page, then POST the form to it (once `ready` resolves, when given): the page's
   * answer and the action's (none when the page has no such form).
   */
  async submit(
    pageUrl: string,
    formName: string,
    fields: Record<string, string>,
    ready?: () => Promise<void>,
  ): Promise<{ page: Answer; action?: Answer }> {
    const page = await this.get(pageUrl)
    await ready?.()
    if (page.status !== 200 || !page.text.includes(`aria-label="${formName}"`)) return { page }
    return { page, action: await this.send('POST', pageUrl, formDataOf(page.text, formName, fields)) }
  }

  private async send(method: string, url: string, body?: FormData): Promise<Answer> {
    const started = performance.now()
    const response = await fetch(BASE + url, {
      method,
      redirect: 'manual',
      headers: {
        origin: BASE,
        'x-forwarded-for': this.ip,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      },
      body,
    })
    const text = await response.text()
    const ms = performance.now() - started
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      const [name, value] = [pair!.slice(0, at), pair!.slice(at + 1)]
      if (!value || /;\s*max-age=0\b/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const location = response.headers.get('location')
    return { status: response.status, ms, text, location: location === null ? undefined : new URL(location, BASE).pathname }
  }
}

/** A gate for n users: each call waits until all n have called it (their pages are in), then all go. */
function allTogether(n: number): () => Promise<void> {
  let arrived = 0
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return () => {
    if (++arrived === n) open()
    return opened
  }
}

/** Why an action's answer is not the redirect to `landing`: its status, target and the page's alerts. */
function refusal(step: string, answer: Answer, landing: string): string | undefined {
  if (answer.status >= 300 && answer.status < 400 && answer.location === landing) return undefined
  // The sign-up answers its page again, "we sent an email" (the link of that email makes the account).
  if (step === 'sign-up' && answer.status === 200 && answer.text.includes('We sent an email to')) return undefined
  const alerts = alertsOf(answer.text).join(' ') || answer.text.slice(0, 200)
  return `${step} ${answer.status}${answer.location ? ` → ${answer.location}` : ''} (expected → ${landing}): ${alerts}`
}

interface Outcome {
  times: Partial<Record<Measure, number>>
  error?: string
}

interface Mail {
  raw: string
  /** performance.now() when the message was in. */
  at: number
}

/**
 * The SMTP server the bench's app server sends to (SMTP_URL), on 127.0.0.1 in this process, as
 * lib/testing/smtp-server.ts starts one for the tests: it accepts everything and keeps each message
 * by recipient, for the simulated user of that address to read.
 */
async function startMailSink() {
  const byAddress = new Map<string, Mail[]>()
  const waiting = new Map<string, (() => void)[]>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const mail = { raw: Buffer.concat(chunks).toString('utf8'), at: performance.now() }
        for (const { address } of session.envelope.rcptTo) {
          const to = address.toLowerCase()
          byAddress.set(to, [...(byAddress.get(to) ?? []), mail])
          for (const wake of waiting.get(to) ?? []) wake()
          waiting.delete(to)
        }
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    /** The first email to `address` that `matches`, waiting up to `timeoutMs` for it; undefined when none came. */
    async find(address: string, matches: (text: string) => boolean, timeoutMs: number): Promise<(Mail & { text: string }) | undefined> {
      const deadline = performance.now() + timeoutMs
      for (;;) {
        for (const mail of byAddress.get(address) ?? []) {
          const text = decodeQuotedPrintable(mail.raw)
          if (matches(text)) return { ...mail, text }
        }
        const left = deadline - performance.now()
        if (left <= 0) return undefined
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          const wake = () => {
            clearTimeout(timer)
            resolve()
          }
          waiting.set(address, [...(waiting.get(address) ?? []), wake])
        })
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A raw MIME message with quoted-printable soft breaks and escapes undone (how nodemailer writes the text part). */
function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

let mailSink: Awaited<ReturnType<typeof startMailSink>>

/** The /verify link in an email's text, its path and query captured. */
const verifyLinkPattern = new RegExp(`${BASE.replace(/[.:/]/g, '\\$&')}(/verify\\?token=[\\w-]+)`)

/**
 * What the new user does with the verification email: waits for it, opens its /verify link and
 * presses "Verify my email address" (the page's form, posted like the wizard's). The action answers
 * the page again, saying the address is verified.
 */
async function verifyAddress(visitor: Visitor, email: string): Promise<{ arrivedAt: number; actionMs: number } | { error: string }> {
  const mail = await mailSink.find(email, (text) => /^Subject: .*verify/im.test(text) && verifyLinkPattern.test(text), 60_000)
  if (!mail) return { error: `verify: no verification email to ${email} within 60 s` }
  const link = verifyLinkPattern.exec(mail.text)![1]!
  const { page, action } = await visitor.submit(link, 'Verify email address', {})
  if (!action) return { error: `verify: GET /verify ${page.status}, no form "Verify email address"` }
  if (action.status !== 200 || !action.text.includes('Your email address is verified.'))
    return { error: `verify ${action.status}: ${alertsOf(action.text).join(' ') || action.text.slice(0, 200)}` }
  return { arrivedAt: mail.at, actionMs: action.ms }
}

let userCount = 0
const stamp = Date.now().toString(36)

async function completeSignUp(
  options: { waitForInstance?: boolean; accountOnly?: boolean; together?: () => Promise<void> } = {},
): Promise<Outcome> {
  const n = ++userCount
  const visitor = new Visitor(`198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`)
  const email = `bench-${stamp}-${n}@example.test`
  const slug = `bench-${stamp}-${n}`
  // The wizard's pages, their forms (by aria-label, as e2e/fixtures.ts submits them) and where each action redirects.
  const steps: [step: Step, page: string, form: string, fields: Record<string, string>, landing: string][] = [
    ['sign-up', '/signup', 'Create your account', { email, password: PASSWORD, name: `Bench ${n}` }, '/signup'],
    ['organization', '/signup/organization', 'Name your organization', { name: `Bench ${stamp} ${n}`, slug }, '/signup/plan'],
    ['plan', '/signup/plan', 'Choose a plan', { planId: 'free' }, '/signup/review'],
    ['start', '/signup/review', 'Start your instance', {}, `/${slug}/provisioning`],
  ]
  const times: Outcome['times'] = {}
  let pagesMs = 0
  let signedUpAt = 0
  let verificationMs = 0 // not part of the whole sign-up's time
  const started = performance.now()
  for (const [step, url, form, fields, landing] of options.accountOnly ? steps.slice(0, 1) : steps) {
    if (step === 'organization') {
      // The account is made by the link of the sign-up's email, opened in this browser (which it signs in).
      const verifying = performance.now()
      const verified = await verifyAddress(visitor, email)
      if ('error' in verified) return { times, error: verified.error }
      times['email arrives'] = Math.max(0, verified.arrivedAt - signedUpAt)
      times.verify = verified.actionMs
      verificationMs = performance.now() - verifying
    }
    const { page, action } = await visitor.submit(url, form, fields, step === 'sign-up' ? options.together : undefined)
    pagesMs += page.ms
    if (!action) return { times, error: `${step}: GET ${url} ${page.status}, no form "${form}"` }
    times[step] = action.ms
    const error = refusal(step, action, landing)
    if (error) return { times, error }
    if (step === 'sign-up') signedUpAt = performance.now()
  }
  if (options.accountOnly) return { times }
  times['whole sign-up'] = performance.now() - started - verificationMs
  times['wizard pages'] = pagesMs
  visitors.set(n, visitor)
  if (options.waitForInstance && !(await instanceSettled(n))) return { times, error: 'instance not provisioned within 10 minutes' }
  return { times }
}

const visitors = new Map<number, Visitor>()

/** What the progress page polls: wait until user n's instance is provisioned (or failed). */
async function instanceSettled(n: number): Promise<boolean> {
  const deadline = Date.now() + 600_000
  while (Date.now() < deadline) {
    const answer = await visitors.get(n)!.get(`/api/orgs/bench-${stamp}-${n}/provisioning`)
    let state = ''
    try {
      state = (JSON.parse(answer.text) as { data?: { tenant?: { state?: string } } }).data?.tenant?.state ?? ''
    } catch {
      // not JSON (yet): poll again
    }
    if (['ACTIVE', 'FAILED'].includes(state)) return true
    await new Promise((r) => setTimeout(r, 500))
  }
  return false
}

async function signIn(n: number, together?: () => Promise<void>): Promise<Outcome> {
  const visitor = new Visitor(`198.19.${Math.floor(n / 250)}.${(n % 250) + 1}`)
  const fields = { email: `bench-${stamp}-${n}@example.test`, password: PASSWORD }
  const { page, action } = await visitor.submit('/signin', 'Sign in', fields, together)
  if (!action) return { times: {}, error: `sign-in: GET /signin ${page.status}, no form "Sign in"` }
  return { times: { 'sign-in': action.ms }, error: refusal('sign-in', action, '/dashboard') }
}

function report(title: string, outcomes: Outcome[], wallMs: number) {
  const errors = outcomes.filter((o) => o.error)
  console.log(`\n${title}: ${outcomes.length} users, wall ${(wallMs / 1000).toFixed(1)} s, errors ${errors.length}`)
  const steps = ['sign-up', 'organization', 'plan', 'start', 'wizard pages', 'whole sign-up', 'email arrives', 'verify', 'sign-in'] as const
  console.log(`${'step'.padEnd(16)}${'n'.padStart(5)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'max ms'.padStart(10)}`)
  for (const step of steps) {
    const xs = outcomes.map((o) => o.times[step]).filter((x): x is number => x !== undefined)
    if (!xs.length) continue
    console.log(
      `${step.padEnd(16)}${String(xs.length).padStart(5)}${percentile(xs, 50).toFixed(0).padStart(10)}` +
        `${percentile(xs, 95).toFixed(0).padStart(10)}${Math.max(...xs)
          .toFixed(0)
          .padStart(10)}`,
    )
  }
  for (const e of errors.slice(0, 5)) console.log(`  error: ${e.error}`)
}

async function startServer(dataDir: string, databaseUrl: string) {
  const child = spawn(process.execPath, [tsx, 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(PORT),
      APP_URL: BASE,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      CLUSTER_MODE: 'dry-run',
      // The emails go to the bench's SMTP server: each user reads its verification link there.
      SMTP_URL: mailSink.url,
      // The bench plays the reverse proxy: each simulated user names its own address (X-Forwarded-For).
      TRUSTED_PROXIES: '127.0.0.1,::1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const deadline = Date.now() + 900_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`)
    try {
      if ((await fetch(`${BASE}/api/readyz`)).ok) return { child, output: () => output }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  process.kill(-child.pid!, 'SIGTERM')
  throw new Error(`not ready within 15 minutes:\n${output}`)
}

/** A fresh database on the PostgreSQL server, or null when none answers. */
async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
  } catch {
    return null
  }
  const name = `tenancy_bench_signup_${stamp}`
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const url = new URL(PG_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: PG_URL })
      await again.connect()
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await again.end()
    },
  }
}

async function main() {
  console.log(
    `bench/signup: production build on ${BASE}, ${os.cpus().length} cores; ${BASELINE} users one at a time, then ${USERS} at once`,
  )
  mailSink = await startMailSink()
  try {
    await run('embedded PGlite', '')
    const postgres = await postgresDatabase()
    if (!postgres) return console.log('\nPostgreSQL: skipped (nothing answers at DATABASE_URL or 127.0.0.1:5432)')
    try {
      await run('PostgreSQL', postgres.url)
    } finally {
      await postgres.drop()
    }
  } finally {
    await mailSink.close()
  }
}

async function run(target: string, databaseUrl: string) {
  console.log(`\n=== ${target}`)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-bench-signup-'))
  const server = await startServer(dataDir, databaseUrl)
  try {
    // one warm-up user (first requests load route bundles), not counted
    await completeSignUp({ waitForInstance: true })

    const baseline: Outcome[] = []
    const baselineStart = performance.now()
    for (let i = 0; i < BASELINE; i++) baseline.push(await completeSignUp({ waitForInstance: true }))
    const firstBaseline = userCount - BASELINE + 1
    for (let i = 0; i < BASELINE; i++) baseline[i]!.times['sign-in'] = (await signIn(firstBaseline + i)).times['sign-in']
    report('one at a time', baseline, performance.now() - baselineStart)

    const accountsStart = performance.now()
    const accountsTogether = allTogether(USERS)
    const accounts = await Promise.all(
      Array.from({ length: USERS }, () => completeSignUp({ accountOnly: true, together: accountsTogether })),
    )
    report(`${USERS} concurrent sign-up actions (account step only)`, accounts, performance.now() - accountsStart)
    await new Promise((r) => setTimeout(r, 5_000)) // their verification emails go out

    const first = userCount + 1
    const started = performance.now()
    const signUps = await Promise.all(Array.from({ length: USERS }, () => completeSignUp()))
    report(`${USERS} concurrent complete sign-ups`, signUps, performance.now() - started)
    const settled = await Promise.all(signUps.map((o, i) => (o.error ? Promise.resolve(false) : instanceSettled(first + i))))
    console.log(
      `  their ${USERS} instances provisioned (dry-run) ${((performance.now() - started) / 1000).toFixed(1)} s after the first request; ` +
        `not settled: ${settled.filter((ok) => !ok).length}`,
    )

    const signInStart = performance.now()
    const signInsTogether = allTogether(USERS)
    const signIns = await Promise.all(signUps.map((_, i) => signIn(first + i, signInsTogether)))
    report(`${USERS} concurrent sign-ins`, signIns, performance.now() - signInStart)
  } catch (error) {
    console.error(`server output (last lines):\n${server.output().split('\n').slice(-40).join('\n')}`)
    throw error
  } finally {
    process.kill(-server.child.pid!, 'SIGTERM')
    await new Promise((r) => server.child.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
