// Browser tests against the production build, started the way a user starts Tenancy (npm start),
// on a throwaway embedded database. One build serves every spec. Chromium comes from Debian
// (scripts/test-e2e.ts installs it); CHROMIUM_PATH points elsewhere on other systems.
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 3100)
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? '.test-output/e2e-data')
// The Stripe test server (e2e/stripe): the app runs with billing `stripe` pointed at it; its
// hosted-checkout stand-in sends signed webhooks back. Dunning has a one-day grace period; the
// billing spec moves the billing clock past it by writing the clock file (CLOCK_FILE).
const stripePort = Number(process.env.E2E_STRIPE_PORT ?? port + 11)
const stripeWebhookSecret = 'whsec_e2e_tenancy_test_secret'
// A real DNS server (e2e/dns/serve.ts) answers the app's custom-domain proofs; specs publish records through its control port.
const dnsPort = Number(process.env.E2E_DNS_PORT ?? port + 12)
const dnsControlPort = Number(process.env.E2E_DNS_CONTROL_PORT ?? port + 13)
const clockFile = path.resolve(process.env.E2E_CLOCK_FILE ?? '.test-output/e2e-clock-offset')
const billingEnv = {
  STRIPE_SECRET_KEY: 'sk_test_e2e',
  STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
  STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
  DUNNING_GRACE_DAYS: '1',
  CLOCK_FILE: clockFile,
}

const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: '.test-output/e2e-artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: '.test-output/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: '**/*.nojs.spec.ts',
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunch },
    },
    {
      // The page forms without JavaScript (progressive enhancement): `*.nojs.spec.ts`.
      name: 'no-javascript',
      testMatch: '**/*.nojs.spec.ts',
      use: { ...devices['Desktop Chrome'], javaScriptEnabled: false, launchOptions: chromiumLaunch },
    },
  ],
  webServer: [
    {
      command: `${JSON.stringify(process.execPath)} node_modules/tsx/dist/cli.mjs e2e/dns/serve.ts`,
      port: dnsControlPort,
      reuseExistingServer: false,
      env: { E2E_DNS_PORT: String(dnsPort), E2E_DNS_CONTROL_PORT: String(dnsControlPort) },
    },
    {
      command: `${JSON.stringify(process.execPath)} node_modules/tsx/dist/cli.mjs e2e/stripe/serve.ts`,
      port: stripePort,
      reuseExistingServer: false,
      env: {
        E2E_STRIPE_PORT: String(stripePort),
        E2E_STRIPE_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/stripe`,
        E2E_STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      },
    },
    {
      command: `${JSON.stringify(process.execPath)} node_modules/tsx/dist/cli.mjs scripts/start.ts`,
      url: `http://127.0.0.1:${port}/api/readyz`,
      timeout: 400_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        DATA_DIR: dataDir,
        APP_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
        CLUSTER_MODE: 'dry-run',
        SEED_FLEET_SIZE: '10000',
        // The test runner plays the reverse proxy: each test names its client address in X-Forwarded-For
        // (e2e/fixtures.ts testClientIp), so the per-address rate limits of one test do not hit another.
        TRUSTED_PROXIES: '127.0.0.1,::1',
        DNS_SERVERS: `127.0.0.1:${dnsPort}`,
        ...billingEnv,
      },
    },
  ],
})
