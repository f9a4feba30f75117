// The Stripe test server as a process, for the browser tests (playwright.config.ts starts it):
// E2E_STRIPE_PORT, the app's webhook URL and the webhook secret come from the environment.
import { startStripeTestServer } from './server'

const port = Number(process.env.E2E_STRIPE_PORT ?? 12111)
const server = await startStripeTestServer({
  port,
  webhookUrl: process.env.E2E_STRIPE_WEBHOOK_URL,
  webhookSecret: process.env.E2E_STRIPE_WEBHOOK_SECRET ?? 'whsec_e2e_tenancy_test_secret',
})
console.log(`stripe test server on ${server.url}`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.close().then(() => process.exit(0)))
