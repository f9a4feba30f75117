/**
 * Browser tests use Debian's Chromium (Playwright's own download cannot work offline). Installed
 * here when missing and we are root; otherwise one line says how.
 */
import fs from 'node:fs'
import { runCommand } from './run'

export async function ensureChromium(): Promise<boolean> {
  const configured = process.env.CHROMIUM_PATH
  const target = configured ?? '/usr/bin/chromium'
  if (fs.existsSync(target)) return true
  if (configured || process.getuid?.() !== 0) {
    console.error(
      `Chromium not found at ${target}: install it (Debian/Ubuntu: sudo apt-get install -y chromium) ` +
        'or set CHROMIUM_PATH to a Chromium binary.',
    )
    return false
  }
  console.log('[test] installing Debian chromium for the browser tests (once) …')
  const env = { DEBIAN_FRONTEND: 'noninteractive' }
  if ((await runCommand('apt-get', ['update', '-qq'], env)) !== 0) return false
  if ((await runCommand('apt-get', ['install', '-y', '-qq', 'chromium'], env)) !== 0) return false
  return fs.existsSync(target)
}
