/**
 * PrometheusPort over Prometheus' HTTP API (/api/v1/query, /api/v1/query_range), with a timeout
 * on every request (sent to Prometheus as `timeout` too, so it stops evaluating) and errors that
 * say what failed: the server unreachable, the time budget spent, the query refused (with
 * Prometheus' own reason), a server error, or a body that is not the API's shape.
 */
import { z } from 'zod'
import { PrometheusError, type InstantSample, type PrometheusPort, type RangeSeries } from './port'

const sampleValue = z.tuple([z.number(), z.string()])
const vectorResult = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleValue })),
})
const matrixResult = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sampleValue) })),
})
const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
})

export interface PrometheusHttpOptions {
  /** Base URL, e.g. http://prometheus:9090 (a path prefix such as /prometheus is kept). */
  url: string
  /** Per-request budget in milliseconds (default 30 s). */
  timeoutMs?: number
  /** Extra headers (e.g. Authorization for a proxy in front of Prometheus). */
  headers?: Record<string, string>
}

export function createPrometheusClient(options: PrometheusHttpOptions): PrometheusPort {
  const base = options.url.replace(/\/+$/, '')
  const defaultTimeout = options.timeoutMs ?? 30_000
  let requests = 0

  async function call(path: string, params: Record<string, string>, timeoutMs: number): Promise<unknown> {
    requests++
    const body = new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s` })
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...options.headers },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const name = (error as Error).name
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new PrometheusError('timeout', `Prometheus did not answer within ${timeoutMs} ms (${path})`)
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      throw new PrometheusError(
        'unreachable',
        `Prometheus unreachable at ${redact(base)}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      )
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      const name = (error as Error).name
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new PrometheusError('timeout', `Prometheus did not answer within ${timeoutMs} ms (${path})`)
      throw new PrometheusError('unreachable', `Prometheus closed the connection: ${(error as Error).message}`)
    }
    let parsed: z.infer<typeof envelope> | undefined
    try {
      const json = envelope.safeParse(JSON.parse(text))
      if (json.success) parsed = json.data
    } catch {
      // not JSON: handled below
    }
    if (parsed?.status === 'error') {
      const kind =
        response.status === 400 || response.status === 422 || parsed.errorType === 'bad_data'
          ? 'bad_query'
          : parsed.errorType === 'timeout'
            ? 'timeout'
            : 'server'
      throw new PrometheusError(
        kind,
        `Prometheus refused the query (${parsed.errorType ?? response.status}): ${parsed.error ?? 'no reason given'}`,
        response.status,
      )
    }
    if (!response.ok) {
      throw new PrometheusError(
        response.status >= 500 ? 'server' : 'unexpected_response',
        `Prometheus answered HTTP ${response.status} on ${path}: ${text.slice(0, 200)}`,
        response.status,
      )
    }
    if (!parsed)
      throw new PrometheusError(
        'unexpected_response',
        `Prometheus answered something that is not its API's JSON on ${path}: ${text.slice(0, 200)}`,
        response.status,
      )
    return parsed.data
  }

  return {
    async query(expr, opts = {}) {
      const params: Record<string, string> = { query: expr }
      if (opts.time) params.time = seconds(opts.time)
      const data = vectorResult.safeParse(await call('/api/v1/query', params, opts.timeoutMs ?? defaultTimeout))
      if (!data.success) throw new PrometheusError('unexpected_response', `Expected an instant vector from: ${expr}`)
      return data.data.result.map((r): InstantSample => ({
        labels: r.metric,
        value: toNumber(r.value[1]),
        time: new Date(r.value[0] * 1000),
      }))
    },
    async queryRange(expr, range) {
      if (!(range.stepSeconds > 0)) throw new PrometheusError('bad_query', 'The step of a range query must be positive')
      const params = { query: expr, start: seconds(range.start), end: seconds(range.end), step: String(range.stepSeconds) }
      const data = matrixResult.safeParse(await call('/api/v1/query_range', params, range.timeoutMs ?? defaultTimeout))
      if (!data.success) throw new PrometheusError('unexpected_response', `Expected a range vector from: ${expr}`)
      return data.data.result.map((r): RangeSeries => ({
        labels: r.metric,
        points: r.values.map(([t, v]) => ({ time: new Date(t * 1000), value: toNumber(v) })),
      }))
    },
    requestCount: () => requests,
  }
}

function seconds(date: Date): string {
  return (date.getTime() / 1000).toFixed(3)
}

function toNumber(value: string): number {
  if (value === '+Inf') return Infinity
  if (value === '-Inf') return -Infinity
  return Number(value)
}

function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@')
}
