// The Inngest client, used when JOBS_MODE resolves to inngest (Inngest Cloud keys, or
// INNGEST_BASE_URL of a self-hosted `inngest start`).
import { Inngest } from 'inngest'
import { getEnv } from '@/lib/env'

let client: Inngest | undefined

export function inngestClient(): Inngest {
  if (!client) {
    const env = getEnv()
    client = new Inngest({
      id: 'tenancy',
      eventKey: env.INNGEST_EVENT_KEY,
      signingKey: env.INNGEST_SIGNING_KEY,
      baseUrl: env.INNGEST_BASE_URL,
      isDev: Boolean(env.INNGEST_BASE_URL && !env.INNGEST_SIGNING_KEY),
    })
  }
  return client
}
