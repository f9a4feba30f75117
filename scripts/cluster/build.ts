/**
 * npm run cluster:build — builds kube-apiserver and kube-controller-manager from Debian's source
 * package `kubernetes` once, into ${TENANCY_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/tenancy}/
 * kubernetes-<version>/bin/. A cache hit does nothing.
 *
 * The source comes through a private apt configuration under the cache directory (deb-src lines
 * mirroring the machine's deb entries), so /etc/apt is never touched. The build takes 8–15 min on
 * 2 cores and 3.3 GB of disk; the source tree is deleted once the two binaries are copied out.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { withLock } from './lock'
import { binDir, binaries, kubernetesDir, KUBERNETES_VERSION } from './paths'

const buildPackages = ['golang-go', 'rsync', 'jq', 'etcd-server', 'make', 'dpkg-dev', 'golang-github-modern-go-reflect2-dev']

/** Where golang-github-modern-go-reflect2-dev (1.0.2) puts its Go source. */
const debianReflect2 = '/usr/share/gocode/src/github.com/modern-go/reflect2'

function log(message: string): void {
  console.log(`[cluster:build] ${message}`)
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): void {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: options.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  })
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`)
}

export function isBuilt(version = KUBERNETES_VERSION): boolean {
  return binaries.every((name) => fs.existsSync(path.join(binDir(version), name)))
}

function isInstalled(pkg: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' })
  return result.status === 0 && result.stdout.includes('install ok installed')
}

/** Installs the Debian packages the build and the cluster need, only those missing. */
export function installPackages(packages = buildPackages): void {
  const missing = packages.filter((pkg) => !isInstalled(pkg))
  if (missing.length === 0) return
  log(`installing ${missing.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, stdio: 'inherit' }).status === 0
  if (install()) return
  log('apt-get install failed; refreshing the package lists and retrying')
  run('apt-get', ['update'], { env })
  if (!install()) throw new Error(`could not install ${missing.join(' ')}`)
}

/** deb-src twins of the machine's deb entries (deb822 .sources files and one-line .list files). */
function debSrcEntries(): { sources: string; list: string } {
  const parts: string[] = []
  const dir = '/etc/apt/sources.list.d'
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : []
  for (const file of files.filter((f) => f.endsWith('.sources'))) {
    for (const stanza of fs.readFileSync(file, 'utf8').split(/\n\s*\n/)) {
      if (!/^Types:.*\bdeb\b/m.test(stanza)) continue
      if (/^Enabled:\s*no/im.test(stanza)) continue
      parts.push(stanza.trim().replace(/^Types:.*$/m, 'Types: deb-src'))
    }
  }
  const lists = ['/etc/apt/sources.list', ...files.filter((f) => f.endsWith('.list'))].filter((f) => fs.existsSync(f))
  const oneLine = lists.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^deb\s/.test(line))
      .map((line) => line.replace(/^deb\s/, 'deb-src ')),
  )
  return { sources: parts.join('\n\n') + '\n', list: oneLine.join('\n') + '\n' }
}

/** apt-get options that point apt at the private configuration under `aptDir`. */
function privateApt(aptDir: string): string[] {
  const entries = debSrcEntries()
  fs.mkdirSync(path.join(aptDir, 'sources.list.d'), { recursive: true })
  fs.mkdirSync(path.join(aptDir, 'lists', 'partial'), { recursive: true })
  fs.mkdirSync(path.join(aptDir, 'cache', 'archives', 'partial'), { recursive: true })
  fs.writeFileSync(path.join(aptDir, 'sources.list.d', 'debian-src.sources'), entries.sources)
  fs.writeFileSync(path.join(aptDir, 'sources.list'), entries.list)
  return [
    '-o',
    `Dir::Etc::SourceList=${path.join(aptDir, 'sources.list')}`,
    '-o',
    `Dir::Etc::SourceParts=${path.join(aptDir, 'sources.list.d')}`,
    '-o',
    `Dir::State::Lists=${path.join(aptDir, 'lists')}`,
    '-o',
    `Dir::Cache=${path.join(aptDir, 'cache')}`,
    '-o',
    'Dir::Cache::pkgcache=',
    '-o',
    'Dir::Cache::srcpkgcache=',
    '-o',
    'APT::Sandbox::User=root',
  ]
}

function findBinary(tree: string, name: string): string {
  for (const candidate of [
    path.join(tree, '_output', 'bin', name),
    path.join(tree, '_output', 'local', 'bin', 'linux', 'amd64', name),
    path.join(tree, '_output', 'local', 'go', 'bin', name),
  ]) {
    if (fs.existsSync(candidate)) return candidate
  }
  throw new Error(`the build finished but ${name} is not under ${tree}/_output`)
}

/**
 * Kubernetes 1.20 vendors github.com/modern-go/reflect2 1.0.1, which reads Go's runtime map
 * internals in a way Go 1.18 changed: built with bookworm's Go 1.19 the API server dies with
 * SIGSEGV ("unexpected fault address", in reflect2's map iteration) at the first custom resource
 * write. 1.0.2 fixes that with the same API and no new imports, so its source replaces the vendored
 * files. vendor/modules.txt keeps naming v1.0.1: it has to match go.mod for the vendor check.
 */
function patchReflect2(tree: string): void {
  const vendored = path.join(tree, 'vendor', 'github.com', 'modern-go', 'reflect2')
  if (!fs.existsSync(vendored))
    throw new Error(`${vendored} is missing: the source package no longer vendors reflect2 the way this build expects`)
  if (!fs.existsSync(path.join(debianReflect2, 'reflect2.go')))
    throw new Error(`${debianReflect2} is missing (golang-github-modern-go-reflect2-dev)`)
  const isSource = (name: string) => (name.endsWith('.go') && !name.endsWith('_test.go')) || name.endsWith('.s')
  for (const name of fs.readdirSync(vendored).filter(isSource)) fs.rmSync(path.join(vendored, name))
  const copied = fs.readdirSync(debianReflect2).filter(isSource)
  for (const name of copied) fs.copyFileSync(path.join(debianReflect2, name), path.join(vendored, name))
  log(`vendor/github.com/modern-go/reflect2: replaced by Debian's 1.0.2 (${copied.length} files)`)
}

function compile(version: string): void {
  const root = kubernetesDir(version)
  const work = path.join(root, 'work')
  fs.rmSync(work, { recursive: true, force: true })
  fs.mkdirSync(work, { recursive: true })

  log('fetching the source package through a private apt configuration (deb-src)')
  const apt = privateApt(path.join(root, 'apt'))
  run('apt-get', [...apt, 'update'], { quiet: true })
  // bookworm's version is "1.20.5+really1.20.2-…": the upstream code is 1.20.2.
  run('apt-get', [...apt, 'source', '--only-source', 'kubernetes'], { cwd: work, quiet: true })
  const source = fs.readdirSync(work).find((entry) => /^kubernetes-/.test(entry) && fs.statSync(path.join(work, entry)).isDirectory())
  if (!source) throw new Error(`apt-get source produced no kubernetes-* directory in ${work}`)
  if (!source.endsWith(`-${version}`) && !source.endsWith(`really${version}`))
    throw new Error(`the source package is ${source}, not Kubernetes ${version}: update KUBERNETES_VERSION in scripts/cluster/paths.ts`)

  patchReflect2(path.join(work, source))

  const gopath = path.join(work, 'gopath')
  const link = path.join(gopath, 'src', 'k8s.io', 'kubernetes')
  fs.mkdirSync(path.dirname(link), { recursive: true })
  fs.symlinkSync(path.join(work, source), link)
  const [major, minor] = version.split('.')
  const versionFile = path.join(work, 'version.env')
  fs.writeFileSync(
    versionFile,
    [
      `KUBE_GIT_VERSION='v${version}'`,
      `KUBE_GIT_MAJOR='${major}'`,
      `KUBE_GIT_MINOR='${minor}'`,
      `KUBE_GIT_TREE_STATE='archive'`,
      `KUBE_GIT_COMMIT=''`,
    ].join('\n') + '\n',
  )

  log(`compiling kube-apiserver and kube-controller-manager (8–15 min on 2 cores)`)
  const started = Date.now()
  run('make', ['WHAT=cmd/kube-apiserver cmd/kube-controller-manager'], {
    cwd: link,
    env: {
      ...process.env,
      GOPATH: gopath,
      GOCACHE: path.join(work, 'gocache'),
      KUBE_GIT_VERSION_FILE: versionFile,
      KUBE_VERBOSE: '1',
    },
  })
  log(`compiled in ${((Date.now() - started) / 60000).toFixed(1)} min`)

  const staging = path.join(root, 'bin.partial')
  fs.rmSync(staging, { recursive: true, force: true })
  fs.mkdirSync(staging, { recursive: true })
  for (const name of binaries) {
    fs.copyFileSync(findBinary(link, name), path.join(staging, name))
    fs.chmodSync(path.join(staging, name), 0o755)
  }
  fs.rmSync(binDir(version), { recursive: true, force: true })
  fs.renameSync(staging, binDir(version))
  log('removing the source tree')
  fs.rmSync(work, { recursive: true, force: true })
}

/** Builds the binaries unless the cache has them; returns the directory holding them. */
export async function ensureBuilt(version = KUBERNETES_VERSION): Promise<string> {
  if (isBuilt(version)) {
    log(`cached: ${binDir(version)}`)
    installPackages(['etcd-server', 'openssl'])
    return binDir(version)
  }
  const started = Date.now()
  const lock = path.join(kubernetesDir(version), 'build.lock')
  await withLock(
    lock,
    () => {
      if (isBuilt(version)) return // another process built it while this one waited
      installPackages([...buildPackages, 'openssl'])
      compile(version)
    },
    (pid) => log(`another build (pid ${pid || '?'}) holds ${lock}; waiting for it`),
  )
  log(`built in ${((Date.now() - started) / 60000).toFixed(1)} min: ${binDir(version)}`)
  return binDir(version)
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  ensureBuilt().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[cluster:build] failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
}
