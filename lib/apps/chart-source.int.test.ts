/**
 * The chart cache (lib/apps/chart-source.ts) against the real helm binary, a chart repository and an
 * OCI registry served from this process on 127.0.0.1: a chart is pulled once per version, used from
 * the cache ever after (the server is not asked again), a version the source lacks fails and leaves
 * nothing behind, a path chart is never pulled, and a pull that finishes second does not pull the
 * chart out from under the caller that got it first.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { load } from 'js-yaml'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resolveHelmBinary } from '../helm/binary'
import { HelmCli } from '../helm/helm'
import { HelmError, type HelmPort } from '../helm/port'
import { chartLocation } from './chart-source'
import { type AppDefinition, type AppDefinitionInput, appDefinitionSchema } from './definition'

const run = promisify(execFile)
const CHART_NAME = 'cache-demo'
const VERSIONS = ['0.1.0', '0.2.0']

let workDir: string
let cacheDir: string
let repoDir: string
let repoUrl: string
let server: http.Server
/** Every path the chart repository was asked for, in order. */
const requests: string[] = []
const savedEnv: Record<string, string | undefined> = {}

/** A chart a HelmPort that must not pull can be given: any pull fails the test. */
const noPull: HelmPort = {
  pull: () => Promise.reject(new Error('pull must not be called')),
} as unknown as HelmPort

function app(chart: AppDefinitionInput['chart']): AppDefinition {
  return appDefinitionSchema.parse({
    id: 'cache-demo',
    name: 'Cache demo',
    description: 'A chart from a repository',
    chart,
    versions: VERSIONS.map((v) => ({ chart: v, app: v })),
    defaultVersion: chart.version,
    components: [{ name: 'app', cpuShare: 1, memoryShare: 1, replicas: 1 }],
    exposure: {},
    egress: 'none',
    health: { service: 'app', port: 8080, path: '/' },
    values: {},
  })
}

const fromRepository = (version = '0.1.0', chart = CHART_NAME) => app({ repository: repoUrl, chart, version })

function chartYaml(dir: string): { name: string; version: string } {
  return load(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { name: string; version: string }
}

/** Every file and directory under `dir`, relative to it. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort()
}

/** The version directories (and anything else) under the one source directory the cache has. */
function sourceEntries(): string[] {
  const sources = fs.readdirSync(cacheDir)
  expect(sources).toHaveLength(1)
  return fs.readdirSync(path.join(cacheDir, sources[0]!)).sort()
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-chart-source-'))
  // helm's own caches and repository config stay in this test's directory, not the user's.
  for (const name of ['HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME']) {
    savedEnv[name] = process.env[name]
    process.env[name] = path.join(workDir, name.toLowerCase())
  }

  repoDir = path.join(workDir, 'repo')
  fs.mkdirSync(repoDir)
  const binary = resolveHelmBinary()
  for (const version of VERSIONS) {
    const chartDir = path.join(workDir, 'src', version, CHART_NAME)
    fs.mkdirSync(path.join(chartDir, 'templates'), { recursive: true })
    fs.writeFileSync(
      path.join(chartDir, 'Chart.yaml'),
      `apiVersion: v2\nname: ${CHART_NAME}\nversion: ${version}\nappVersion: "${version}"\n`,
    )
    fs.writeFileSync(
      path.join(chartDir, 'templates', 'configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  version: {{ .Chart.Version | quote }}\n',
    )
    await run(binary, ['package', chartDir, '--destination', repoDir])
  }

  server = http.createServer((req, res) => {
    requests.push(req.url ?? '')
    const file = path.join(repoDir, path.basename(new URL(req.url ?? '/', 'http://repo').pathname))
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': file.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' })
    fs.createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  repoUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
  await run(binary, ['repo', 'index', repoDir, '--url', repoUrl])
})

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()))
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  fs.rmSync(workDir, { recursive: true, force: true })
})

describe('a chart from a chart repository', () => {
  beforeAll(() => {
    cacheDir = path.join(workDir, 'cache-repository')
  })

  it('is pulled on first use into the cache, as the pinned version', async () => {
    requests.length = 0
    const chart = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir })

    expect(requests).toEqual(['/index.yaml', `/${CHART_NAME}-0.1.0.tgz`])
    expect(chart.version).toBe('0.1.0')
    expect(path.relative(cacheDir, chart.dir).split(path.sep)).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/), '0.1.0', CHART_NAME])
    expect(chartYaml(chart.dir)).toMatchObject({ name: CHART_NAME, version: '0.1.0' })
    expect(fs.existsSync(path.join(chart.dir, 'templates', 'configmap.yaml'))).toBe(true)
    expect(sourceEntries()).toEqual(['0.1.0'])
  })

  it('is used from the cache ever after: a fresh helm is not asked to pull and the server is not contacted', async () => {
    const first = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir })
    requests.length = 0

    const again = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir })
    const withoutPull = await chartLocation(fromRepository(), { helm: noPull, cacheDir })

    expect(requests).toEqual([])
    expect(again).toEqual(first)
    expect(withoutPull).toEqual(first)
  })

  it('pulls another version into its own directory and leaves the first as it was', async () => {
    const first = await chartLocation(fromRepository(), { helm: noPull, cacheDir })
    const before = fs.statSync(path.join(first.dir, 'Chart.yaml'))
    requests.length = 0

    const second = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir, version: '0.2.0' })

    expect(requests).toEqual(['/index.yaml', `/${CHART_NAME}-0.2.0.tgz`])
    expect(second.version).toBe('0.2.0')
    expect(second.dir).not.toBe(first.dir)
    expect(path.dirname(path.dirname(second.dir))).toBe(path.dirname(path.dirname(first.dir)))
    expect(chartYaml(second.dir).version).toBe('0.2.0')
    expect(chartYaml(first.dir).version).toBe('0.1.0')
    expect(fs.statSync(path.join(first.dir, 'Chart.yaml')).mtimeMs).toBe(before.mtimeMs)
    expect(sourceEntries()).toEqual(['0.1.0', '0.2.0'])
    // The app's pinned version is still 0.1.0: without a version the cached 0.1.0 is what it gets.
    expect(await chartLocation(fromRepository(), { helm: noPull, cacheDir })).toEqual(first)
  })

  it('fails clearly on a version the repository does not have and leaves nothing in the cache', async () => {
    requests.length = 0
    const missing = chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir, version: '9.9.9' })

    await expect(missing).rejects.toBeInstanceOf(HelmError)
    await expect(missing).rejects.toThrow(/^helm pull failed: .*cache-demo.*9\.9\.9.*not found/)
    expect(requests).toEqual(['/index.yaml'])
    // No 9.9.9 directory, no staging directory: only what was there before.
    expect(sourceEntries()).toEqual(['0.1.0', '0.2.0'])

    // Nothing was remembered of the failure: the next call asks the repository again.
    requests.length = 0
    await expect(chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir, version: '9.9.9' })).rejects.toThrow(/not found/)
    expect(requests).toEqual(['/index.yaml'])
    expect(sourceEntries()).toEqual(['0.1.0', '0.2.0'])
  })

  it('fails clearly on a chart the repository does not have and leaves no file in the cache', async () => {
    const emptyCache = path.join(workDir, 'cache-missing-chart')
    await expect(chartLocation(fromRepository('0.1.0', 'no-such-chart'), { helm: new HelmCli(), cacheDir: emptyCache })).rejects.toThrow(
      /^helm pull failed: .*no-such-chart.*not found/,
    )
    // At most the (empty) directory of the source: no version directory, no staging directory.
    expect(tree(emptyCache).filter((entry) => entry.includes(path.sep))).toEqual([])
  })

  it('replaces a version directory that holds no chart (left by hand or by something else) instead of trusting it', async () => {
    const cache = path.join(workDir, 'cache-junk')
    const pulled = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir: cache })
    const home = path.dirname(pulled.dir)
    fs.rmSync(home, { recursive: true })
    fs.mkdirSync(path.join(home, CHART_NAME), { recursive: true })
    fs.writeFileSync(path.join(home, CHART_NAME, 'values.yaml'), 'half: true\n')
    requests.length = 0

    const again = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir: cache })

    expect(requests).toEqual(['/index.yaml', `/${CHART_NAME}-0.1.0.tgz`])
    expect(again.dir).toBe(pulled.dir)
    expect(chartYaml(again.dir).version).toBe('0.1.0')
    expect(fs.existsSync(path.join(again.dir, 'values.yaml'))).toBe(false)
    expect(fs.readdirSync(path.dirname(home))).toEqual(['0.1.0'])
  })
})

describe('two pulls of the same version at once (two tenants of one app installing together)', () => {
  let cache: string
  beforeEach(() => {
    cache = path.join(workDir, `cache-race-${Date.now()}`)
  })

  it('the one that finishes second keeps the chart the first one was given, and cleans up its own pull', async () => {
    let firstDone!: () => void
    const gate = new Promise<void>((resolve) => (firstDone = resolve))
    const real = new HelmCli()
    // The slower pull: it is started first but completes only once the other caller has its chart.
    const slow: HelmPort = {
      pull: async (...args: Parameters<HelmPort['pull']>) => {
        await gate
        return real.pull(...args)
      },
    } as unknown as HelmPort
    requests.length = 0

    const second = chartLocation(fromRepository(), { helm: slow, cacheDir: cache })
    const first = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir: cache })
    // What the first caller's helm install would now be reading.
    const given = fs.statSync(first.dir).ino
    const givenChart = fs.statSync(path.join(first.dir, 'Chart.yaml')).ino
    firstDone()
    const later = await second

    expect(later).toEqual(first)
    expect(fs.statSync(first.dir).ino).toBe(given)
    expect(fs.statSync(path.join(first.dir, 'Chart.yaml')).ino).toBe(givenChart)
    expect(chartYaml(first.dir).version).toBe('0.1.0')
    // Both pulled (neither could know of the other) and the second's staging directory is gone.
    expect(requests.filter((r) => r.endsWith('.tgz'))).toHaveLength(2)
    expect(fs.readdirSync(path.dirname(path.dirname(first.dir)))).toEqual(['0.1.0'])
  })
})

/**
 * The read side of an OCI distribution registry (manifests and blobs by tag or digest), enough for
 * `helm pull oci://`: each chart version is a manifest whose config is the chart's metadata and
 * whose one layer is the packaged chart, as `helm push` stores it. Helm speaks plain HTTP to a
 * registry on a loopback address; anywhere else it is the same pull over TLS.
 */
function ociRegistry(repositories: string[], seen: string[]): http.Server {
  const digest = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  const blobs = new Map<string, Buffer>()
  const manifests = new Map<string, Buffer>()
  for (const version of VERSIONS) {
    const layer = fs.readFileSync(path.join(repoDir, `${CHART_NAME}-${version}.tgz`))
    const config = Buffer.from(JSON.stringify({ apiVersion: 'v2', name: CHART_NAME, version }))
    const descriptor = (mediaType: string, bytes: Buffer) => ({ mediaType, digest: digest(bytes), size: bytes.length })
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: descriptor('application/vnd.cncf.helm.config.v1+json', config),
        layers: [descriptor('application/vnd.cncf.helm.chart.content.v1.tar+gzip', layer)],
      }),
    )
    blobs.set(digest(layer), layer).set(digest(config), config)
    manifests.set(version, manifest).set(digest(manifest), manifest)
  }
  return http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    const [, name, kind, reference] = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(req.url ?? '') ?? []
    const body = repositories.includes(name ?? '') && reference ? (kind === 'manifests' ? manifests : blobs).get(reference) : undefined
    if (!body) {
      const code = kind === 'manifests' ? 'MANIFEST_UNKNOWN' : 'BLOB_UNKNOWN'
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code, message: 'unknown' }] }))
      return
    }
    res.writeHead(200, {
      'content-type': kind === 'manifests' ? 'application/vnd.oci.image.manifest.v1+json' : 'application/octet-stream',
      'content-length': body.length,
      'docker-content-digest': digest(body),
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  })
}

describe('a chart from an OCI registry', () => {
  const seen: string[] = []
  let registry: http.Server
  let reference: string
  let ociCache: string
  const fromRegistry = (version = '0.1.0') => app({ oci: reference, version })

  beforeAll(async () => {
    registry = ociRegistry([`charts/${CHART_NAME}`, `mirror/${CHART_NAME}`], seen)
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve))
    reference = `oci://127.0.0.1:${(registry.address() as net.AddressInfo).port}/charts/${CHART_NAME}`
    ociCache = path.join(workDir, 'cache-oci')
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => registry?.close(() => resolve()))
  })

  it('is pulled once per version and used from the cache ever after', async () => {
    const first = await chartLocation(fromRegistry(), { helm: new HelmCli(), cacheDir: ociCache })
    expect(seen).toEqual(
      expect.arrayContaining([expect.stringMatching(/manifests\/0\.1\.0$/), expect.stringMatching(/^GET .*\/blobs\/sha256:/)]),
    )
    expect(chartYaml(first.dir)).toMatchObject({ name: CHART_NAME, version: '0.1.0' })
    expect(path.relative(ociCache, first.dir).split(path.sep)).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/), '0.1.0', CHART_NAME])

    seen.length = 0
    expect(await chartLocation(fromRegistry(), { helm: new HelmCli(), cacheDir: ociCache })).toEqual(first)
    expect(await chartLocation(fromRegistry(), { helm: noPull, cacheDir: ociCache })).toEqual(first)
    expect(seen).toEqual([])

    const second = await chartLocation(fromRegistry(), { helm: new HelmCli(), cacheDir: ociCache, version: '0.2.0' })
    expect(seen.some((r) => r.endsWith('/manifests/0.2.0'))).toBe(true)
    expect(second.dir).not.toBe(first.dir)
    expect(chartYaml(second.dir).version).toBe('0.2.0')
    expect(chartYaml(first.dir).version).toBe('0.1.0')
  })

  it('fails clearly on a tag the registry does not have and leaves nothing in the cache', async () => {
    const before = tree(ociCache)
    seen.length = 0
    await expect(chartLocation(fromRegistry(), { helm: new HelmCli(), cacheDir: ociCache, version: '9.9.9' })).rejects.toThrow(
      /^helm pull failed: .*cache-demo:9\.9\.9.*not found/,
    )
    expect(seen.some((r) => r.endsWith('/manifests/9.9.9'))).toBe(true)
    expect(tree(ociCache)).toEqual(before)
  })

  it('keeps another reference, and the same chart from a chart repository, apart in the cache', async () => {
    const fromOci = await chartLocation(fromRegistry(), { helm: noPull, cacheDir: ociCache })
    const key = (dir: string) => path.basename(path.dirname(path.dirname(dir)))
    seen.length = 0
    const mirror = app({ oci: reference.replace('/charts/', '/mirror/'), version: '0.1.0' })
    const fromMirror = await chartLocation(mirror, { helm: new HelmCli(), cacheDir: ociCache })
    expect(seen.some((r) => r.includes('/v2/mirror/'))).toBe(true)
    expect(key(fromMirror.dir)).not.toBe(key(fromOci.dir))
    const fromRepo = await chartLocation(fromRepository(), { helm: new HelmCli(), cacheDir: ociCache })
    expect(new Set([key(fromOci.dir), key(fromMirror.dir), key(fromRepo.dir)]).size).toBe(3)
  })
})

describe('a path chart', () => {
  it('is used where it is and never pulled', async () => {
    const cache = path.join(workDir, 'cache-path')
    const chart = await chartLocation(app({ path: 'charts/tenant-instance', version: '0.1.0' }), { helm: noPull, cacheDir: cache })

    expect(chart).toEqual({ dir: path.resolve('charts/tenant-instance'), version: '0.1.0' })
    expect(fs.existsSync(cache)).toBe(false)
  })
})
