/**
 * Whether .next holds a production build of the current sources: a hash of every build input is
 * stored beside the build, and compared at start.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const INPUT_DIRS = ['app', 'components', 'lib', 'inngest', 'workflows', 'server', 'public', 'prisma']
const INPUT_FILES = ['next.config.ts', 'postcss.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json', 'instrumentation.ts']
const SKIP = /(\.test\.tsx?$|\.int\.test\.tsx?$|[/\\]generated[/\\]|[/\\]migrations[/\\])/

function walk(dir: string, out: string[]) {
  if (!fs.existsSync(dir)) return
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, out)
    else if (!SKIP.test(full)) out.push(full)
  }
}

export function sourceHash(root = process.cwd()): string {
  const files: string[] = []
  for (const dir of INPUT_DIRS) walk(path.join(root, dir), files)
  for (const file of INPUT_FILES) if (fs.existsSync(path.join(root, file))) files.push(path.join(root, file))
  const hash = crypto.createHash('sha256')
  for (const file of files.sort()) {
    hash.update(path.relative(root, file))
    hash.update('\0')
    hash.update(fs.readFileSync(file))
    hash.update('\0')
  }
  return hash.digest('hex')
}

const stampFile = (root: string) => path.join(root, '.next', 'tenancy-build.json')

export function isBuildCurrent(root = process.cwd()): { current: boolean; reason: string } {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return { current: false, reason: 'no production build yet' }
  if (!fs.existsSync(stampFile(root))) return { current: false, reason: 'build was not made by npm start' }
  const stamp = JSON.parse(fs.readFileSync(stampFile(root), 'utf8')) as { hash: string }
  return stamp.hash === sourceHash(root)
    ? { current: true, reason: 'build is current' }
    : { current: false, reason: 'sources changed since the last build' }
}

export function writeBuildStamp(root = process.cwd()): void {
  fs.writeFileSync(stampFile(root), JSON.stringify({ hash: sourceHash(root), builtAt: new Date().toISOString() }) + '\n')
}
