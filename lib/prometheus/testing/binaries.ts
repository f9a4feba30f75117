/**
 * The Debian packages `prometheus` (2.42: prometheus, promtool) and `prometheus-alertmanager`
 * (0.25). Installed when missing and we are root (as the e2e tier installs Chromium); otherwise
 * the error names the one command to run. Their systemd services play no part: tests start their
 * own processes on free ports with their own data directories.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

export const BINARIES = {
  prometheus: process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus',
  promtool: process.env.PROMTOOL_BIN ?? '/usr/bin/promtool',
  alertmanager: process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager',
}

const INSTALL = 'apt-get install -y prometheus prometheus-alertmanager'
let checked = false

export function ensurePrometheusBinaries(): typeof BINARIES {
  if (checked) return BINARIES
  const missing = () => Object.values(BINARIES).filter((file) => !fs.existsSync(file))
  if (missing().length > 0) {
    if (process.getuid?.() !== 0)
      throw new Error(`Missing ${missing().join(', ')}: run \`sudo ${INSTALL}\` (Debian packages prometheus and prometheus-alertmanager)`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus', 'prometheus-alertmanager'], {
        env,
        stdio: 'pipe',
        timeout: 600_000,
      })
    } catch {
      execFileSync('apt-get', ['update'], { env, stdio: 'pipe', timeout: 600_000 })
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus', 'prometheus-alertmanager'], {
        env,
        stdio: 'pipe',
        timeout: 600_000,
      })
    }
    if (missing().length > 0) throw new Error(`Still missing after ${INSTALL}: ${missing().join(', ')}`)
  }
  checked = true
  return BINARIES
}
