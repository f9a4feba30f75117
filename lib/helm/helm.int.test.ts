/**
 * The Helm port against the real helm binary where no cluster is needed (version, template, error
 * paths, an unreachable API server), and against a stand-in executable where what matters is the
 * command line and the values file helm is given (no secrets in argv, 0600 file, removed after).
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../testing/until'
import { HelmCli } from './helm'
import { HelmError } from './port'
import { loopbackKubeconfig } from '../k8s/testing/kubeconfig'

const CHART = path.resolve(import.meta.dirname, '../../charts/tenant-instance')
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZW5hbnQifQ.c2lnbmF0dXJlLXNlY3JldA'

let workDir: string
let tmpDir: string
let unreachableKubeconfig: string
const originalTmpdir = process.env.TMPDIR

/** An API server that takes connections and never answers: helm waits on it until stopped. */
async function silentServer(): Promise<{ kubeconfig: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  const kubeconfig = path.join(workDir, `silent-kubeconfig-${port}`)
  await writeFile(kubeconfig, loopbackKubeconfig(port), { mode: 0o600 })
  return {
    kubeconfig,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function expectHelmError(promise: Promise<unknown>): Promise<HelmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(HelmError)
  return error as HelmError
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'helm-int-'))
  // helm.ts creates its values directories under os.tmpdir(): point it at a directory of our own to see them.
  tmpDir = path.join(workDir, 'tmp')
  await mkdir(tmpDir)
  process.env.TMPDIR = tmpDir
  unreachableKubeconfig = path.join(workDir, 'kubeconfig')
  await writeFile(unreachableKubeconfig, loopbackKubeconfig(await closedPort()), { mode: 0o600 })
})

afterAll(async () => {
  if (originalTmpdir === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = originalTmpdir
  await rm(workDir, { recursive: true, force: true })
})

function values(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { tenant: { id: 't1', slug: 'acme' }, license: { token: TOKEN }, ...overrides }
}

describe('HelmCli with the real binary, no cluster', () => {
  const helm = new HelmCli()

  it('reports its version', async () => {
    expect(await helm.version()).toMatch(/^v3\.\d+\.\d+$/)
  })

  it('renders the chart and leaves no values file behind', async () => {
    const objects = await helm.template({ name: 'instance', namespace: 'tenant-acme', chart: CHART, values: values() })
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('StatefulSet/postgres')
    expect(await readdir(tmpDir)).toEqual([])
  })

  it('names a missing chart path in a HelmError', async () => {
    const error = await expectHelmError(
      helm.template({ name: 'instance', namespace: 'tenant-acme', chart: path.join(workDir, 'no-such-chart'), values: values() }),
    )
    expect(error.message).toBe(`helm template failed: path "${path.join(workDir, 'no-such-chart')}" not found`)
    expect(error.exitCode).toBe(1)
    expect(await readdir(tmpDir)).toEqual([])
  })

  it('reports values the chart schema refuses, by field', async () => {
    const bad = values({ app: { replicas: 'two' }, tenant: { id: 't1', slug: 'Not A Slug' } })
    const error = await expectHelmError(helm.template({ name: 'instance', namespace: 'tenant-acme', chart: CHART, values: bad }))
    expect(error.message).toMatch(/^helm template failed: values don't meet the specifications/)
    expect(error.message).toContain('tenant.slug: Does not match pattern')
  })

  it('requires the license token', async () => {
    const error = await expectHelmError(
      helm.template({ name: 'instance', namespace: 'tenant-acme', chart: CHART, values: values({ license: { token: '' } }) }),
    )
    expect(error.message).toContain('license.token is required')
  })

  it('never echoes a secret from the values in its errors', async () => {
    const chart = path.join(workDir, 'leaky-chart')
    await mkdir(path.join(chart, 'templates'), { recursive: true })
    await writeFile(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: leaky\nversion: 0.1.0\n')
    await writeFile(
      path.join(chart, 'templates', 'fail.yaml'),
      '{{ fail (printf "cannot use %s with password %s" .Values.license.token .Values.db.password) }}\n',
    )
    const error = await expectHelmError(
      new HelmCli().template({
        name: 'leaky',
        namespace: 'default',
        chart,
        values: { license: { token: TOKEN }, db: { password: 'p4ssw0rd-value' } },
      }),
    )
    expect(error.message).toContain('cannot use [redacted] with password [redacted]')
    for (const text of [error.message, error.stderr]) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain('p4ssw0rd-value')
    }
  })

  it('turns an unreachable API server into a HelmError, not "no release"', async () => {
    const offline = new HelmCli({ kubeconfig: unreachableKubeconfig })
    const status = await expectHelmError(offline.status('instance', 'tenant-acme'))
    expect(status.message).toMatch(/^helm status failed: Kubernetes cluster unreachable/)
    const uninstall = await expectHelmError(offline.uninstall('instance', 'tenant-acme'))
    expect(uninstall.message).toMatch(/^helm uninstall failed: Kubernetes cluster unreachable/)
    const upgrade = await expectHelmError(
      offline.upgradeInstall({ name: 'instance', namespace: 'tenant-acme', chart: CHART, values: values() }),
    )
    expect(upgrade.message).toMatch(/^helm upgrade failed: Kubernetes cluster unreachable/)
    expect(upgrade.message).not.toContain(TOKEN)
    expect(await readdir(tmpDir)).toEqual([])
  })

  it('stops a command when its signal aborts (shutdown): helm is killed and its values file removed', async () => {
    const silent = await silentServer()
    try {
      const controller = new AbortController()
      const helm = new HelmCli({ kubeconfig: silent.kubeconfig, signal: controller.signal, commandTimeoutMs: 60_000 })
      const upgrade = helm.upgradeInstall({ name: 'instance', namespace: 'tenant-acme', chart: CHART, values: values() })
      const outcome = upgrade.then(
        () => undefined,
        (e: unknown) => e,
      )
      // helm is running, waiting on the API server, its values file written
      await until(
        () => readdir(tmpDir),
        (entries) => entries.length === 1,
      )
      const abortedAt = Date.now()
      controller.abort()
      const error = await outcome
      expect(Date.now() - abortedAt).toBeLessThan(3_000)
      expect(error).toMatchObject({ name: 'AbortError', message: 'helm upgrade stopped: the process is shutting down' })
      expect(await readdir(tmpDir)).toEqual([])
      // once aborted, no further command starts
      await expect(helm.version()).rejects.toMatchObject({ name: 'AbortError' })
    } finally {
      await silent.close()
    }
  })

  it('says clearly when the binary does not exist', async () => {
    const error = await expectHelmError(new HelmCli({ binary: path.join(workDir, 'missing-helm') }).version())
    expect(error.message).toBe(`helm binary ${path.join(workDir, 'missing-helm')} not found`)
    expect(error.exitCode).toBeNull()
  })
})

describe('HelmCli command lines (a stand-in executable records what helm would get)', () => {
  let stub: string
  let record: string

  beforeAll(async () => {
    record = path.join(workDir, 'record')
    await mkdir(record)
    stub = path.join(workDir, 'helm-stub.sh')
    await writeFile(
      stub,
      [
        '#!/bin/sh',
        'out="$STUB_RECORD"',
        'printf "%s\\n" "$@" > "$out/args"',
        'prev=""',
        'for a in "$@"; do',
        '  if [ "$prev" = "--values" ]; then',
        '    stat -c "%a" "$a" > "$out/file-mode"; stat -c "%a" "$(dirname "$a")" > "$out/dir-mode"; cp "$a" "$out/values.json"',
        '  fi',
        '  prev="$a"',
        'done',
        'case "$1" in',
        '  upgrade) echo \'{"name":"instance","namespace":"tenant-acme","version":3,"info":{"status":"deployed"}}\' ;;',
        '  uninstall) echo "Error: uninstall: Release not loaded: instance: release: not found" >&2; exit 1 ;;',
        '  status) echo "Error: release: not found" >&2; exit 1 ;;',
        '  version) sleep 5 ;;',
        '  *) echo "Error: unexpected $1" >&2; exit 2 ;;',
        'esac',
        '',
      ].join('\n'),
    )
    await chmod(stub, 0o755)
    process.env.STUB_RECORD = record
  })

  afterAll(() => {
    delete process.env.STUB_RECORD
  })

  const args = async () => (await readFile(path.join(record, 'args'), 'utf8')).trimEnd().split('\n')

  it('upgrade --install: values in a 0600 file in a 0700 directory, no --wait, history capped, the kubeconfig passed', async () => {
    const helm = new HelmCli({ binary: stub, kubeconfig: '/etc/tenancy/kubeconfig' })
    const release = { name: 'instance', namespace: 'tenant-acme', chart: CHART, values: values() }
    expect(await helm.upgradeInstall(release, { timeoutMs: 90_000 })).toEqual({
      name: 'instance',
      namespace: 'tenant-acme',
      revision: 3,
      status: 'deployed',
    })
    const argv = await args()
    const valuesFile = argv[argv.indexOf('--values') + 1]!
    expect(argv).toEqual([
      'upgrade',
      '--install',
      'instance',
      CHART,
      '--namespace',
      'tenant-acme',
      '--values',
      valuesFile,
      '--reset-values',
      '--history-max',
      '5',
      '--timeout',
      '90s',
      '--output',
      'json',
      '--kubeconfig',
      '/etc/tenancy/kubeconfig',
    ])
    expect(argv.join(' ')).not.toContain(TOKEN)
    expect(valuesFile.startsWith(tmpDir)).toBe(true)
    expect((await readFile(path.join(record, 'file-mode'), 'utf8')).trim()).toBe('600')
    expect((await readFile(path.join(record, 'dir-mode'), 'utf8')).trim()).toBe('700')
    expect(JSON.parse(await readFile(path.join(record, 'values.json'), 'utf8'))).toEqual(release.values)
    expect(await readdir(tmpDir)).toEqual([])
  })

  it('template renders without a cluster: no --kubeconfig', async () => {
    await new HelmCli({ binary: stub, kubeconfig: '/etc/tenancy/kubeconfig' })
      .template({ name: 'instance', namespace: 'tenant-acme', chart: CHART, values: values() })
      .catch(() => undefined)
    const argv = await args()
    expect(argv.slice(0, 5)).toEqual(['template', 'instance', CHART, '--namespace', 'tenant-acme'])
    expect(argv).not.toContain('--kubeconfig')
  })

  it('uninstall of a release that is not there is false; status is null', async () => {
    const helm = new HelmCli({ binary: stub })
    expect(await helm.uninstall('instance', 'tenant-acme')).toBe(false)
    expect(await args()).toEqual(['uninstall', 'instance', '--namespace', 'tenant-acme'])
    expect(await helm.status('instance', 'tenant-acme')).toBeNull()
    expect(await args()).toEqual(['status', 'instance', '--namespace', 'tenant-acme', '--output', 'json'])
  })

  it('kills a command that outlives its timeout', async () => {
    const started = Date.now()
    const error = await expectHelmError(new HelmCli({ binary: stub, commandTimeoutMs: 1000 }).version())
    expect(error.message).toBe('helm version timed out after 1s')
    expect(Date.now() - started).toBeLessThan(4000)
  })
})
