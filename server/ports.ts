/**
 * The ports a server process uses, chosen from the configuration in this one module (the
 * composition root, outside lib/: it knows the workflows and the Inngest client):
 *
 * - cluster: live (kubeconfig or in-cluster) or dry-run, lib/provisioning/cluster-from-env.ts,
 *   resolved on first use;
 * - jobs: the embedded engine over this database, or Inngest (inngest/client.ts).
 *
 * The other ports resolve themselves from the configuration where they are used, and boot does
 * not touch them: Stripe on first use, kept for the process (`stripePort()`, lib/stripe/sdk.ts;
 * null with billing `none`); SMTP per delivery (`emailTransportFromEnv()`, lib/email/transport.ts;
 * null without SMTP_URL); Prometheus per call (`prometheusFromEnv()`, lib/prometheus/from-env.ts;
 * null when metering is off).
 */
import type { Db } from '../lib/db'
import type { Env } from '../lib/env'
import { JobEngine } from '../lib/jobs/engine'
import { configureJobs, type JobsBackend } from '../lib/jobs/jobs'
import { configureCluster } from '../lib/provisioning/target'
import { clusterTargetFromEnv } from '../lib/provisioning/cluster-from-env'
import { inngestClient } from '../inngest/client'
import { jobFunctions } from '../workflows'

export interface Ports {
  /** The embedded engine when jobs run in this database (a runner may be started on it); null on Inngest. */
  engine: JobEngine | null
}

/** Configures the cluster target and the jobs backend of this process. */
export function configurePorts(env: Env, db: Db): Ports {
  // Resolved on first use: a bad kubeconfig fails the provisioning step that needs it, loudly.
  configureCluster(clusterTargetFromEnv)
  if (env.jobsMode === 'embedded') {
    const engine = new JobEngine(db, jobFunctions)
    configureJobs(engine)
    return { engine }
  }
  configureJobs(inngestBackend())
  return { engine: null }
}

function inngestBackend(): JobsBackend {
  const client = inngestClient()
  return {
    send: async (events) => (await client.send(events.map((e) => ({ ...e, data: e.data as Record<string, unknown> })))).ids,
  }
}
