// npm run test:e2e — Playwright against the production build on a fresh embedded database.
import fs from 'node:fs'
import path from 'node:path'
import { ensureChromium } from './lib/chromium'
import { bin, runNode } from './lib/run'

const dataDir = path.resolve('.test-output/e2e-data')

async function main(): Promise<number> {
  if (!(await ensureChromium())) return 1
  fs.rmSync(dataDir, { recursive: true, force: true })
  // The billing clock file (playwright.config.ts): a fresh run starts at the wall clock.
  fs.rmSync(path.resolve('.test-output/e2e-clock-offset'), { force: true })
  return runNode([bin('@playwright/test', 'cli.js'), 'test', ...process.argv.slice(2)], { E2E_DATA_DIR: dataDir })
}

main().then((code) => process.exit(code))
