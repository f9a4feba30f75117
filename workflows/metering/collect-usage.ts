// Hourly at :05 — the last three complete hours are collected (one query per metric for every
// tenant, per hour; re-collecting a stored hour rewrites the same rows, so a missed tick or a
// late scrape is caught up), then the newest hour's storage readings go through the alert rules.
import { defineJob } from '@/lib/jobs/define'
import { NonRetriableError } from '@/lib/jobs/step'
import { collectUsage, HOUR_MS, lastCompleteHour } from '@/lib/metering/collect-usage'
import { evaluateStorageAlerts } from '@/lib/metering/evaluate-storage-alerts'
import { prometheusFromEnv } from '@/lib/prometheus/from-env'
import { PrometheusError } from '@/lib/prometheus/port'

export const CATCH_UP_HOURS = 3

export const collectUsageJob = defineJob(
  { id: 'metering-collect-usage', trigger: { cron: '5 * * * *' }, retries: 3 },
  async ({ event, step }) => {
    const prometheus = prometheusFromEnv()
    if (!prometheus) return { skipped: 'metering is off (PROMETHEUS_URL unset)' }
    const latest = lastCompleteHour(new Date(event.data.tick))
    const collected = []
    for (let back = CATCH_UP_HOURS - 1; back >= 0; back--) {
      const windowStart = new Date(latest.getTime() - back * HOUR_MS)
      collected.push(
        await step.run(`collect-${windowStart.toISOString()}`, async () => {
          try {
            return await collectUsage(prometheus, { windowStart })
          } catch (error) {
            if (error instanceof PrometheusError && !error.isRetriable) throw new NonRetriableError(error.message)
            throw error
          }
        }),
      )
    }
    const alerts = await step.run('evaluate-storage-alerts', () => evaluateStorageAlerts({ windowStart: latest }))
    return { windows: collected.map((c) => ({ windowStart: c.windowStart, samples: c.samplesWritten, gaps: c.gaps })), alerts }
  },
)
