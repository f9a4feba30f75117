/**
 * Graceful shutdown: one sequence for the whole process, started by the first SIGTERM or SIGINT.
 *
 *  1. Stop accepting: every HTTP server of the process closes its listener and its idle keep-alive
 *     connections. A request in flight, or one that arrives on a connection already open, is served
 *     and answered with `Connection: close`.
 *  2. Drain, in parallel: the HTTP requests in flight, and the drain tasks (the embedded runner stops
 *     claiming and releases each run at its next step boundary). When the drain's share of the bound
 *     runs out, `signal` aborts: what is still in flight stops now (helm is killed and its values file
 *     removed, the runner releases the runs still executing, the last requests are cut).
 *  3. Close tasks, in the order registered (the database).
 *  4. Exit 0 when the sequence completed within the bound; 1 when a task failed, or at once when the
 *     bound (SHUTDOWN_TIMEOUT_SECONDS) passed.
 *
 * A second signal within a second of the first is the same one (Ctrl-C reaches a process from the
 * terminal and again from the parent that forwards it) and changes nothing. A later one hurries:
 * `signal` aborts at once and the sequence goes straight to its end; further signals are ignored
 * (the bound still holds).
 *
 * HTTP servers are found through Node's diagnostics channel (each server at its first request,
 * also one a framework created, such as Next's) or handed over with addServer().
 */
import diagnostics from 'node:diagnostics_channel'
import type http from 'node:http'
import { silentLogger, type Logger } from '../log/logger'

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000
/** Signals closer together than this count as one. */
const REPEAT_WINDOW_MS = 1_000
const REQUEST_START = 'http.server.request.start'

/** What work stopped by the shutdown rejects with (named AbortError, like fetch's and Node's own). */
export class ShutdownAbortError extends Error {
  /** A mark, not instanceof: Next's bundle and the code around it may each load this module. */
  readonly isShutdownAbort = true

  constructor(what: string) {
    super(`${what} stopped: the process is shutting down`)
    this.name = 'AbortError'
  }
}

/** Whether `error` is work stopped by the shutdown (not any other abort). */
export function isShutdownAbort(error: unknown): boolean {
  return error instanceof Error && (error as Partial<ShutdownAbortError>).isShutdownAbort === true
}

export type ShutdownTask = (context: { signal: AbortSignal }) => Promise<unknown> | unknown

export interface ShutdownOptions {
  /** The bound: the process exits by then, whatever is left (ms). */
  timeoutMs?: number
  log?: Logger
  /** How the process ends (process.exit; tests record the code instead). */
  exit?: (code: number) => void
}

interface RequestStart {
  request: http.IncomingMessage
  response: http.ServerResponse
  server: http.Server
}

export class Shutdown {
  private readonly controller = new AbortController()
  private readonly servers = new Set<http.Server>()
  private readonly inFlight = new Set<http.ServerResponse>()
  private readonly drainTasks: [string, ShutdownTask][] = []
  private readonly closeTasks: [string, ShutdownTask][] = []
  private timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS
  private log: Logger = silentLogger
  private exit: (code: number) => void = (code) => process.exit(code)
  private readonly onRequest = (message: unknown) => this.track(message as RequestStart)
  private watching = false
  private signalsHandled = false
  private startedAt = 0
  private hurried = false
  private sequence: Promise<number> | undefined
  private onDrained: (() => void) | undefined

  constructor(options: ShutdownOptions = {}) {
    this.configure(options)
  }

  /** Aborted when what is still in flight must stop now: the drain ran out of time, or a second signal came. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  get isShuttingDown(): boolean {
    return this.sequence !== undefined
  }

  configure(options: ShutdownOptions): this {
    if (options.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs
    if (options.log) this.log = options.log
    if (options.exit) this.exit = options.exit
    return this
  }

  /** A server to stop and drain; servers are also found at their first request (watchHttp). */
  addServer(server: http.Server): this {
    this.watchHttp()
    this.servers.add(server)
    if (this.isShuttingDown) stopAccepting(server)
    return this
  }

  /** Follows every HTTP server of the process and its requests in flight, by Node's diagnostics channel. */
  watchHttp(): this {
    if (this.watching) return this
    this.watching = true
    diagnostics.subscribe(REQUEST_START, this.onRequest)
    return this
  }

  /** Runs when the shutdown starts, beside the HTTP drain; must finish, or give up when `signal` aborts. */
  onDrain(name: string, task: ShutdownTask): this {
    this.drainTasks.push([name, task])
    return this
  }

  /** Runs once the drain is over, after the close tasks registered before it. */
  onClose(name: string, task: ShutdownTask): this {
    this.closeTasks.push([name, task])
    return this
  }

  /** SIGTERM and SIGINT start the sequence (once per process, whoever calls it). */
  handleSignals(target: NodeJS.Process = process): this {
    if (this.signalsHandled) return this
    this.signalsHandled = true
    const others = target.listenerCount('SIGTERM')
    if (others > 0)
      this.log.warn(
        'another SIGTERM handler is installed and may end the process before the drain (next start: NEXT_MANUAL_SIG_HANDLE=true)',
        {
          handlers: others,
        },
      )
    const onSignal = (signal: NodeJS.Signals) => void this.begin(signal)
    target.on('SIGTERM', onSignal)
    target.on('SIGINT', onSignal)
    return this
  }

  /** Starts the sequence (or, when it runs, treats this as a repeated signal); resolves with the exit code. */
  begin(reason: string): Promise<number> {
    if (this.sequence) {
      this.repeat(reason)
      return this.sequence
    }
    this.startedAt = Date.now()
    this.sequence = this.run(reason)
    return this.sequence
  }

  private repeat(reason: string) {
    const sinceFirst = Date.now() - this.startedAt
    if (sinceFirst < REPEAT_WINDOW_MS || this.hurried) {
      this.log.info('shutdown already under way', { reason, sinceFirstMs: sinceFirst })
      return
    }
    this.hurried = true
    this.abort(`second signal (${reason})`)
  }

  private async run(reason: string): Promise<number> {
    const hardStop = setTimeout(() => {
      this.log.error('shutdown did not finish within its bound: exiting now', { timeoutMs: this.timeoutMs })
      this.exit(1)
    }, this.timeoutMs)
    // The drain may use most of the bound; what is left is for stopping in-flight work and closing.
    const drainMs = Math.max(0, this.timeoutMs - Math.min(5_000, Math.round(this.timeoutMs * 0.2)))
    const drainOver = setTimeout(() => this.abort('the drain ran out of time'), drainMs)
    this.log.info('shutting down', { reason, timeoutMs: this.timeoutMs, requestsInFlight: this.inFlight.size })

    for (const server of this.servers) stopAccepting(server)
    for (const response of this.inFlight) closeAfter(response)
    let failed = false
    const drains = [
      this.drainHttp(),
      ...this.drainTasks.map(([name, task]) =>
        Promise.resolve()
          .then(() => task({ signal: this.signal }))
          .catch((error: unknown) => {
            failed = true
            this.log.error('shutdown: drain task failed', { task: name, error })
          }),
      ),
    ]
    await Promise.all(drains)
    clearTimeout(drainOver)
    for (const [name, task] of this.closeTasks) {
      try {
        await task({ signal: this.signal })
      } catch (error) {
        failed = true
        this.log.error('shutdown: close task failed', { task: name, error })
      }
    }
    clearTimeout(hardStop)
    if (this.watching) diagnostics.unsubscribe(REQUEST_START, this.onRequest)
    const code = failed ? 1 : 0
    this.log.info('shut down', { ms: Date.now() - this.startedAt, code, stoppedEarly: this.signal.aborted })
    this.exit(code)
    return code
  }

  private abort(why: string) {
    if (this.signal.aborted) return
    this.log.warn('shutdown: stopping what is still in flight', { why, requestsInFlight: this.inFlight.size })
    this.controller.abort(new ShutdownAbortError('work in flight'))
    // The last requests are cut: their sockets destroyed, their handlers see the connection close.
    for (const server of this.servers) server.closeAllConnections()
    this.onDrained?.()
  }

  /** Resolves when no request is in flight any more, or when the drain is aborted. */
  private drainHttp(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.onDrained = undefined
        // Nothing in flight: what is left open is idle (or upgraded) and can go.
        for (const server of this.servers) server.closeAllConnections()
        resolve()
      }
      if (this.inFlight.size === 0 || this.signal.aborted) return done()
      this.onDrained = done
    })
  }

  private track({ response, server }: RequestStart) {
    this.servers.add(server)
    this.inFlight.add(response)
    if (this.isShuttingDown) {
      stopAccepting(server)
      closeAfter(response)
      if (this.signal.aborted) response.socket?.destroy()
    }
    response.once('close', () => {
      this.inFlight.delete(response)
      if (!this.isShuttingDown) return
      // Its connection may have been kept alive (headers sent before the shutdown): it is idle now.
      server.closeIdleConnections()
      if (this.inFlight.size === 0) this.onDrained?.()
    })
  }
}

/** Closes the listener (and, since Node 19, the idle keep-alive connections); later calls are no-ops. */
function stopAccepting(server: http.Server) {
  if (server.listening) server.close(() => {})
  server.closeIdleConnections()
}

/** The answer carries `Connection: close` and its connection ends with it (when its headers are not out yet). */
function closeAfter(response: http.ServerResponse) {
  if (!response.headersSent) response.shouldKeepAlive = false
}

const KEY = Symbol.for('tenancy.shutdown')

/**
 * The process's one shutdown (server/boot.ts configures it and handles the signals). Shared through
 * globalThis: Next's bundle and the code around it may load this module twice.
 */
export function processShutdown(): Shutdown {
  const holder = globalThis as Record<symbol, Shutdown | undefined>
  return (holder[KEY] ??= new Shutdown())
}
