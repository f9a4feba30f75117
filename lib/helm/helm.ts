/**
 * HelmPort over the real helm 3 binary. Every call is one `execFile` (never a shell). Values go
 * through a file in a private temporary directory (0700 directory, 0600 file, removed afterwards),
 * never on the command line where `ps` would show them. Failures become HelmError with the first
 * line of helm's error, stripped of anything that looks like a secret from the values. A command
 * stopped by the shutdown's signal is killed (SIGTERM, then SIGKILL) and rejects with an AbortError;
 * its values file goes in the same `finally` as always.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { CORE_SCHEMA, loadAll } from 'js-yaml'
import type { KubeObject } from '../k8s/port'
import { ShutdownAbortError } from '../os/shutdown'
import { NO_HELM_MESSAGE, resolveHelmBinary } from './binary'
import { type ChartPullSource, HelmError, type HelmPort, type HelmRelease, type HelmStatus } from './port'

export interface HelmCliOptions {
  /** Passed as --kubeconfig; without it helm uses $KUBECONFIG, ~/.kube/config or the in-cluster config. */
  kubeconfig?: string
  /** The helm binary; defaults to resolveHelmBinary() (HELM_BIN, the bundled binary, PATH). */
  binary?: string
  /** Ceiling for one helm command, in ms (default 5 minutes). */
  commandTimeoutMs?: number
  /** Stops running commands and refuses new ones once aborted (the process's shutdown). */
  signal?: AbortSignal
}

const DEFAULT_COMMAND_TIMEOUT_MS = 5 * 60_000
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024
const MAX_MESSAGE_LENGTH = 300
/** How long helm gets to exit on SIGTERM once its command is aborted, before SIGKILL. */
const ABORT_KILL_AFTER_MS = 2_000
/** Helm's "the release does not exist" errors (status, uninstall, history). */
const RELEASE_NOT_FOUND = /release: not found|release not found/i

interface RunResult {
  stdout: string
  stderr: string
}

interface RunFailure {
  stdout: string
  stderr: string
  exitCode: number | null
  /** ENOENT, EACCES… when helm could not be started or its output overflowed; TIMEOUT or SIGKILL… when it was killed. */
  cause?: string
}

/** Keys whose string values are secrets; `…Name` keys (secretName) only name a Secret. */
const SECRET_KEY = /token|password|passwd|secret|jwt|private|credential|apikey|accesskey/i

function secretStrings(value: unknown, key = '', found: string[] = []): string[] {
  if (typeof value === 'string') {
    const normalized = key.replace(/[-_.]/g, '')
    if (SECRET_KEY.test(normalized) && !/name$/i.test(normalized) && value.length >= 4) found.push(value)
  } else if (Array.isArray(value)) {
    for (const item of value) secretStrings(item, key, found)
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) secretStrings(v, k, found)
  }
  return found
}

const JWT_LIKE = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g

/** Removes every secret value of `values` and anything JWT-shaped from helm's output. */
export function redact(text: string, values: Record<string, unknown> = {}): string {
  let result = text
  // Longest first, so a secret containing another is removed whole.
  for (const secret of secretStrings(values).sort((a, b) => b.length - a.length)) result = result.split(secret).join('[redacted]')
  return result.replace(JWT_LIKE, '[redacted]')
}

/**
 * Helm's error in one short line: the "Error: …" line without its prefix (followed by its detail
 * lines when it ends with a colon, as schema errors do), else the first line that is not a warning.
 */
export function summarize(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
  const at = lines.findIndex((l) => l.startsWith('Error:'))
  let message: string
  if (at >= 0) {
    message = lines[at]!.replace(/^Error:\s*/, '')
    if (message.endsWith(':')) message = [message, ...lines.slice(at + 1)].join(' ')
  } else {
    message = lines.find((l) => !l.startsWith('WARNING:')) ?? ''
  }
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message
}

interface ReleaseJson {
  name?: unknown
  namespace?: unknown
  version?: unknown
  info?: { status?: unknown }
}

function toStatus(json: string, fallback: { name: string; namespace: string }): HelmStatus {
  let parsed: ReleaseJson
  try {
    parsed = JSON.parse(json) as ReleaseJson
  } catch {
    throw new HelmError('helm printed a release that is not JSON', '', 0)
  }
  return {
    name: typeof parsed.name === 'string' ? parsed.name : fallback.name,
    namespace: typeof parsed.namespace === 'string' ? parsed.namespace : fallback.namespace,
    revision: typeof parsed.version === 'number' ? parsed.version : 0,
    status: typeof parsed.info?.status === 'string' ? parsed.info.status : 'unknown',
  }
}

/** Parses `helm template` output (multi-document YAML) into objects; empty documents are skipped. */
export function parseManifests(yaml: string): KubeObject[] {
  const objects: KubeObject[] = []
  // CORE_SCHEMA: timestamps and other YAML 1.1 extras stay strings, as the API server reads them.
  for (const doc of loadAll(yaml, null, { schema: CORE_SCHEMA })) {
    if (doc === null || doc === undefined) continue
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new HelmError('helm rendered a document that is not an object', '', 0)
    const obj = doc as Partial<KubeObject>
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata !== 'object' || obj.metadata === null) {
      throw new HelmError('helm rendered a document without apiVersion, kind or metadata', '', 0)
    }
    if (obj.kind === 'List' && Array.isArray((obj as { items?: unknown }).items)) {
      objects.push(...((obj as unknown as { items: KubeObject[] }).items ?? []))
      continue
    }
    objects.push(obj as KubeObject)
  }
  return objects
}

export class HelmCli implements HelmPort {
  private readonly kubeconfig: string | undefined
  private readonly binaryOption: string | undefined
  private readonly commandTimeoutMs: number
  private readonly signal: AbortSignal | undefined
  private resolvedBinary: string | undefined

  constructor(options: HelmCliOptions = {}) {
    this.kubeconfig = options.kubeconfig
    this.binaryOption = options.binary
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS
    this.signal = options.signal
  }

  private get binary(): string {
    this.resolvedBinary ??= this.binaryOption ?? resolveHelmBinary()
    return this.resolvedBinary
  }

  async upgradeInstall(release: HelmRelease, options: { timeoutMs?: number } = {}): Promise<HelmStatus> {
    const timeoutMs = options.timeoutMs ?? this.commandTimeoutMs
    const stdout = await this.withValuesFile(release.values, (valuesFile) =>
      this.exec(
        'upgrade',
        [
          'upgrade',
          '--install',
          release.name,
          release.chart,
          '--namespace',
          release.namespace,
          '--values',
          valuesFile,
          // The values file is the whole truth: nothing carried over from the last revision.
          '--reset-values',
          '--history-max',
          '5',
          // Bounds hooks and resource creation; readiness is watched by the workflow, so no --wait.
          '--timeout',
          `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`,
          '--output',
          'json',
          ...this.clusterFlags(),
        ],
        release.values,
        timeoutMs + 10_000,
      ),
    )
    return toStatus(stdout, release)
  }

  async uninstall(name: string, namespace: string): Promise<boolean> {
    try {
      await this.exec('uninstall', ['uninstall', name, '--namespace', namespace, ...this.clusterFlags()])
      return true
    } catch (error) {
      if (error instanceof HelmError && RELEASE_NOT_FOUND.test(error.stderr)) return false
      throw error
    }
  }

  async rollback(name: string, namespace: string, revision: number): Promise<HelmStatus> {
    await this.exec('rollback', ['rollback', name, String(revision), '--namespace', namespace, ...this.clusterFlags()])
    const status = await this.status(name, namespace)
    if (!status) throw new HelmError(`helm rollback: release ${name} is gone`, '', 0)
    return status
  }

  async status(name: string, namespace: string): Promise<HelmStatus | null> {
    try {
      const stdout = await this.exec('status', ['status', name, '--namespace', namespace, '--output', 'json', ...this.clusterFlags()])
      return toStatus(stdout, { name, namespace })
    } catch (error) {
      if (error instanceof HelmError && RELEASE_NOT_FOUND.test(error.stderr)) return null
      throw error
    }
  }

  async template(release: HelmRelease): Promise<KubeObject[]> {
    // `helm template` renders client-side: no cluster, so no --kubeconfig.
    const stdout = await this.withValuesFile(release.values, (valuesFile) =>
      this.exec(
        'template',
        [
          'template',
          release.name,
          release.chart,
          '--namespace',
          release.namespace,
          '--values',
          valuesFile,
          ...(release.apiVersions ?? []).flatMap((v) => ['--api-versions', v]),
        ],
        release.values,
      ),
    )
    return parseManifests(stdout)
  }

  /** `helm lint --strict` of a chart with these values: its [ERROR] and [WARNING] lines, [] when clean. */
  async lint(chart: string, values: Record<string, unknown>): Promise<string[]> {
    return this.withValuesFile(values, async (valuesFile) => {
      const outcome = await this.run(['lint', chart, '--strict', '--values', valuesFile], this.commandTimeoutMs).then(
        (result) => ({ ...result, exitCode: 0 as number | null, cause: undefined as string | undefined }),
        (failure: unknown) => {
          if (failure instanceof HelmError || failure instanceof ShutdownAbortError) throw failure
          return failure as RunFailure
        },
      )
      if (outcome.cause) throw this.failure('lint', outcome, values, this.commandTimeoutMs)
      const findings = `${outcome.stdout}\n${outcome.stderr}`
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^\[(ERROR|WARNING)\]/.test(line))
        .map((line) => redact(line, values))
      if (outcome.exitCode !== 0 && findings.length === 0)
        findings.push(redact(summarize(outcome.stderr), values) || `exit code ${outcome.exitCode}`)
      return findings
    })
  }

  async pull(source: ChartPullSource, version: string, destination: string): Promise<void> {
    const where = 'oci' in source ? [source.oci] : [source.chart, '--repo', source.repository]
    await this.exec('pull', ['pull', ...where, '--version', version, '--untar', '--untardir', destination])
  }

  async version(): Promise<string> {
    return (await this.exec('version', ['version', '--template', '{{.Version}}'])).trim()
  }

  private clusterFlags(): string[] {
    return this.kubeconfig ? ['--kubeconfig', this.kubeconfig] : []
  }

  private async withValuesFile<T>(values: Record<string, unknown>, withFile: (file: string) => Promise<T>): Promise<T> {
    // mkdtemp creates the directory 0700: only this user can list or open what is inside.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tenancy-helm-'))
    try {
      const file = path.join(dir, 'values.json')
      // JSON is YAML: no serializer to get quoting wrong.
      await writeFile(file, JSON.stringify(values), { mode: 0o600 })
      return await withFile(file)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  private async exec(
    command: string,
    args: string[],
    values: Record<string, unknown> = {},
    timeoutMs = this.commandTimeoutMs,
  ): Promise<string> {
    try {
      return (await this.run(args, timeoutMs)).stdout
    } catch (failure) {
      if (failure instanceof HelmError || failure instanceof ShutdownAbortError) throw failure
      throw this.failure(command, failure as RunFailure, values, timeoutMs)
    }
  }

  private failure(command: string, failure: RunFailure, values: Record<string, unknown>, timeoutMs: number): HelmError {
    if (failure.cause === 'ENOENT')
      return new HelmError(this.binary === 'helm' ? NO_HELM_MESSAGE : `helm binary ${this.binary} not found`, '', null)
    if (failure.cause === 'TIMEOUT')
      return new HelmError(
        `helm ${command} timed out after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)}s` : `${timeoutMs}ms`}`,
        '',
        null,
      )
    if (failure.cause) return new HelmError(`helm ${command} failed (${failure.cause})`, '', null)
    const stderr = redact(failure.stderr, values)
    return new HelmError(`helm ${command} failed: ${summarize(stderr) || `exit code ${failure.exitCode}`}`, stderr, failure.exitCode)
  }

  private run(args: string[], timeoutMs: number): Promise<RunResult> {
    const stopped = () => new ShutdownAbortError(`helm ${args[0]}`)
    if (this.signal?.aborted) return Promise.reject(stopped())
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.binary,
        args,
        { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', windowsHide: true, signal: this.signal },
        (error, stdout, stderr) => {
          if (!error) return resolve({ stdout, stderr })
          const failure = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null }
          const reason = (cause?: string, exitCode: number | null = null): RunFailure => ({ stdout, stderr, exitCode, cause })
          if (failure.name === 'AbortError') return reject(stopped())
          if (typeof failure.code === 'string') return reject(reason(failure.code))
          if (failure.killed) return reject(reason('TIMEOUT'))
          if (failure.signal) return reject(reason(failure.signal))
          reject(reason(undefined, typeof failure.code === 'number' ? failure.code : null))
        },
      )
      // execFile sends SIGTERM on abort (helm may mark its release failed); one that lingers is killed.
      const killLingering = () =>
        setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
        }, ABORT_KILL_AFTER_MS).unref()
      this.signal?.addEventListener('abort', killLingering, { once: true })
      child.once('exit', () => this.signal?.removeEventListener('abort', killLingering))
    })
  }
}
