/**
 * Billing integration tests' setup: the Stripe test server of e2e/stripe (real HTTP, real SDK,
 * real webhook signatures), the webhook route handler served on a local port for its deliveries,
 * billing `stripe` configured through the environment, and the real job functions on an embedded
 * runner with the dry-run cluster.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { POST as stripeWebhook } from '../../../app/api/webhooks/stripe/route'
import { startStripeTestServer, type StripeTestServer } from '../../../e2e/stripe/server'
import type { Db } from '../../db'
import { resetEnvCache } from '../../env'
import { HelmCli } from '../../helm/helm'
import { createDryRunKube } from '../../k8s/dry-run'
import { validateManifest } from '../../k8s/validate'
import { startHarness, type Harness } from '../../provisioning/testing/harness'
import { configureStripe } from '../../stripe/sdk'

export interface BillingHarness {
  stripe: StripeTestServer
  webhookUrl: string
  webhookSecret: string
  jobs: Harness
  stop(): Promise<void>
}

/** Serves the webhook route handler over HTTP, as Next would. */
export async function serveWebhookRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
      const response = await stripeWebhook(
        new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }),
      )
      res
        .writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' })
        .end(await response.text())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

export async function startBillingHarness(db: Db, options: { env?: Record<string, string> } = {}): Promise<BillingHarness> {
  const webhookSecret = `whsec_${crypto.randomBytes(16).toString('hex')}`
  const receiver = await serveWebhookRoute()
  const stripe = await startStripeTestServer({ webhookUrl: receiver.url, webhookSecret })
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: 'sk_test_tenancy',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: stripe.url,
    ...options.env,
  })
  resetEnvCache()
  configureStripe(undefined)
  const jobs = startHarness(db, {
    mode: 'dry-run',
    kube: createDryRunKube({ validate: validateManifest }),
    helm: new HelmCli(),
  })
  return {
    stripe,
    webhookUrl: receiver.url,
    webhookSecret,
    jobs,
    async stop() {
      await jobs.stop()
      await stripe.close()
      await receiver.close()
      for (const key of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE', ...Object.keys(options.env ?? {})])
        delete process.env[key]
      resetEnvCache()
      configureStripe(undefined)
    },
  }
}
