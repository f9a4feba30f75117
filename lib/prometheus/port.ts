/**
 * The Prometheus port: instant and range queries over the HTTP API, nothing vendor-typed leaking
 * out. Values come back as numbers (NaN and ±Inf as Prometheus writes them), times as Date.
 */
export interface InstantSample {
  labels: Record<string, string>
  value: number
  time: Date
}

export interface RangeSeries {
  labels: Record<string, string>
  points: { time: Date; value: number }[]
}

export interface PrometheusPort {
  /** Instant vector at `time` (default: now). A scalar or string result is refused. */
  query(expr: string, options?: { time?: Date; timeoutMs?: number }): Promise<InstantSample[]>
  /** Range query from start to end with the given step. */
  queryRange(expr: string, range: { start: Date; end: Date; stepSeconds: number; timeoutMs?: number }): Promise<RangeSeries[]>
  /** Number of HTTP requests sent so far (benchmarks and tests count queries with it). */
  requestCount(): number
}

export type PrometheusErrorKind = 'timeout' | 'unreachable' | 'bad_query' | 'server' | 'unexpected_response'

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'PrometheusError'
  }

  /** Timeouts, network failures and 5xx are worth a retry; a bad query is not. */
  get isRetriable(): boolean {
    return this.kind !== 'bad_query' && this.kind !== 'unexpected_response'
  }
}
