// Test harness: the email job (notifications/email.requested) run by a real embedded runner, so a
// test counts what reaches the outbox and the SMTP server, as in production.
import type { Db } from '@/lib/db'
import { configureJobs } from '@/lib/jobs/jobs'
import { JobEngine } from '@/lib/jobs/engine'
import { Runner } from '@/lib/jobs/runner'
import { silentLogger } from '@/lib/log/logger'
import { sendEmail } from '@/workflows/notifications/send-email'

export function startEmailRunner(db: Db): { stop: () => Promise<void> } {
  const engine = new JobEngine(db, [sendEmail])
  configureJobs(engine)
  const runner = new Runner(engine, { pollMs: 20, heartbeat: false, logger: silentLogger }).start()
  return {
    stop: async () => {
      await runner.stop()
      configureJobs(undefined)
    },
  }
}
