/**
 * A real authoritative DNS server for the integration tier: Knot DNS (`knotd`, Debian package
 * `knot`, installed when missing and we are root, as lib/prometheus/testing/binaries.ts does) on
 * 127.0.0.1 and a random high port, UDP and TCP, with its configuration, zone files and control
 * socket in a temporary directory. Records are published and withdrawn by rewriting the zone file
 * and reloading it (`knotc -b zone-reload`, which returns once the zone is served).
 *
 *   const dns = await startDnsServer({ zones: ['example.com'] })
 *   process.env.DNS_SERVERS = dns.server        // 127.0.0.1:<port>
 *   await dns.publish({ name: '_tenancy-challenge.app.example.com', type: 'TXT', value: token })
 *   await dns.stop()
 */
import { execFile, execFileSync, spawn } from 'node:child_process'
import dgram from 'node:dgram'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { stopChild } from './child-process'

const run = promisify(execFile)

export const KNOT = { knotd: process.env.KNOTD_BIN ?? '/usr/sbin/knotd', knotc: process.env.KNOTC_BIN ?? '/usr/sbin/knotc' }
const INSTALL = 'apt-get install -y knot'

export function ensureKnot(): typeof KNOT {
  const missing = () => Object.values(KNOT).filter((file) => !fs.existsSync(file))
  if (missing().length === 0) return KNOT
  if (process.getuid?.() !== 0) throw new Error(`Missing ${missing().join(', ')}: run \`sudo ${INSTALL}\` (Debian package knot)`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'knot'], { env, stdio: 'pipe', timeout: 600_000 })
  try {
    install()
  } catch {
    execFileSync('apt-get', ['update'], { env, stdio: 'pipe', timeout: 600_000 })
    install()
  }
  if (missing().length > 0) throw new Error(`Still missing after ${INSTALL}: ${missing().join(', ')}`)
  return KNOT
}

export interface DnsRecord {
  /** Fully qualified, without the trailing dot: `_tenancy-challenge.app.example.com`. */
  name: string
  type: 'TXT' | 'CNAME' | 'A'
  /** TXT: the text; CNAME: the target host; A: an IPv4 address. */
  value: string
}

export interface DnsServer {
  /** `127.0.0.1:<port>`, as DNS_SERVERS takes it. */
  server: string
  port: number
  publish(...records: DnsRecord[]): Promise<void>
  /** Removes every record at `name` (of `type` only, when given). */
  withdraw(name: string, type?: DnsRecord['type']): Promise<void>
  log(): string
  stop(): Promise<void>
}

/** A port free for both UDP and TCP on 127.0.0.1, in the high range. */
async function freeUdpTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000)
    const tcp = await new Promise<boolean>((resolve) => {
      const server = net.createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (!tcp) continue
    const udp = await new Promise<boolean>((resolve) => {
      const socket = dgram.createSocket('udp4')
      socket.once('error', () => resolve(false))
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)))
    })
    if (udp) return port
  }
  throw new Error('No free UDP+TCP port found for the test DNS server')
}

const quoteTxt = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`

export async function startDnsServer(options: { zones: string[]; port?: number }): Promise<DnsServer> {
  const bins = ensureKnot()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-dns-'))
  const zonesDir = path.join(dir, 'zones')
  fs.mkdirSync(zonesDir)
  fs.mkdirSync(path.join(dir, 'db'))
  const zones = options.zones.map((z) => z.toLowerCase())
  const records: DnsRecord[] = []
  let serial = 1

  const zoneOf = (name: string) => {
    const zone = [...zones].sort((a, b) => b.length - a.length).find((z) => name === z || name.endsWith(`.${z}`))
    if (!zone) throw new Error(`${name} is in none of the test DNS server's zones (${zones.join(', ')})`)
    return zone
  }
  const writeZone = (zone: string) => {
    const lines = [
      `$ORIGIN ${zone}.`,
      '$TTL 1',
      `@ SOA ns.${zone}. hostmaster.${zone}. ${serial} 60 60 60 1`,
      `@ NS ns.${zone}.`,
      'ns A 127.0.0.1',
      ...records
        .filter((r) => zoneOf(r.name) === zone)
        .map((r) => `${r.name}. ${r.type} ${r.type === 'TXT' ? quoteTxt(r.value) : r.type === 'CNAME' ? `${r.value}.` : r.value}`),
    ]
    fs.writeFileSync(path.join(zonesDir, `${zone}.zone`), `${lines.join('\n')}\n`)
  }
  for (const zone of zones) writeZone(zone)

  const port = options.port ?? (await freeUdpTcpPort())
  const config = path.join(dir, 'knot.conf')
  fs.writeFileSync(
    config,
    [
      'server:',
      `    rundir: "${dir}"`,
      `    listen: 127.0.0.1@${port}`,
      '    udp-workers: 1',
      '    tcp-workers: 1',
      '    background-workers: 1',
      'control:',
      `    listen: "${path.join(dir, 'knot.sock')}"`,
      'database:',
      `    storage: "${path.join(dir, 'db')}"`,
      'log:',
      '  - target: stderr',
      '    any: warning',
      'template:',
      '  - id: default',
      `    storage: "${zonesDir}"`,
      '    file: "%s.zone"',
      '    zonefile-sync: -1',
      '    zonefile-load: whole',
      '    journal-content: none',
      '    semantic-checks: off',
      'zone:',
      ...zones.map((z) => `  - domain: ${z}`),
      '',
    ].join('\n'),
  )

  const child = spawn(bins.knotd, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)))
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)))
  let exited = false
  child.on('exit', () => (exited = true))
  const knotc = (...args: string[]) => run(bins.knotc, ['-c', config, '-b', '-t', '10', ...args], { timeout: 20_000 })

  const stop = () => stopChild(child, () => !exited, dir)

  // Ready once the control socket answers with every zone loaded.
  const deadline = Date.now() + 30_000
  for (;;) {
    if (exited) {
      await stop()
      throw new Error(`knotd exited before it was ready:\n${output}`)
    }
    try {
      const { stdout } = await knotc('zone-status')
      const loaded = (z: string) => stdout.split('\n').some((line) => line.startsWith(`[${z}.]`) && /serial: \d+/.test(line))
      if (zones.every(loaded)) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`knotd not ready within 30 s:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }

  const reload = async (changed: Set<string>) => {
    serial++
    for (const zone of changed) {
      writeZone(zone)
      await knotc('zone-reload', zone)
    }
  }

  return {
    server: `127.0.0.1:${port}`,
    port,
    async publish(...added) {
      const normalized = added.map((r) => ({ ...r, name: r.name.toLowerCase().replace(/\.$/, '') }))
      records.push(...normalized)
      await reload(new Set(normalized.map((r) => zoneOf(r.name))))
    },
    async withdraw(name, type) {
      const fqdn = name.toLowerCase().replace(/\.$/, '')
      for (let i = records.length - 1; i >= 0; i--) {
        if (records[i]!.name === fqdn && (!type || records[i]!.type === type)) records.splice(i, 1)
      }
      await reload(new Set([zoneOf(fqdn)]))
    },
    log: () => output,
    stop,
  }
}
