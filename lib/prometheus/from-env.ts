import { getEnv } from '../env'
import { createPrometheusClient } from './http'
import type { PrometheusPort } from './port'

/** The configured Prometheus, or null when metering is off (PROMETHEUS_URL unset). */
export function prometheusFromEnv(): PrometheusPort | null {
  const env = getEnv()
  if (env.metricsMode === 'off' || !env.PROMETHEUS_URL) return null
  return createPrometheusClient({ url: env.PROMETHEUS_URL, timeoutMs: 30_000 })
}
