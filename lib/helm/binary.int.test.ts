import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLED_HELM, NO_HELM_MESSAGE, resolveHelmBinary } from './binary'
import { HelmCli } from './helm'
import { HelmError } from './port'

let root: string

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'helm-binary-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('resolveHelmBinary', () => {
  it('prefers HELM_BIN, resolved against the project root', async () => {
    await writeFile(path.join(root, 'my-helm'), '#!/bin/sh\n', { mode: 0o755 })
    expect(resolveHelmBinary({ helmBin: 'my-helm', root })).toBe(path.join(root, 'my-helm'))
  })

  it('refuses a HELM_BIN that is not executable, naming it', async () => {
    await writeFile(path.join(root, 'not-executable'), 'x', { mode: 0o644 })
    expect(() => resolveHelmBinary({ helmBin: 'not-executable', root })).toThrow(
      new HelmError('HELM_BIN (not-executable) is not an executable file', '', null),
    )
    expect(() => resolveHelmBinary({ helmBin: '/no/such/helm', root })).toThrow('HELM_BIN (/no/such/helm) is not an executable file')
  })

  it('uses the binary npm install extracted when HELM_BIN is unset', async () => {
    const bundled = path.join(root, BUNDLED_HELM)
    await mkdir(path.dirname(bundled), { recursive: true })
    await writeFile(bundled, '#!/bin/sh\n')
    await chmod(bundled, 0o755)
    expect(resolveHelmBinary({ helmBin: undefined, root })).toBe(bundled)
    await rm(bundled)
  })

  it('falls back to helm on PATH, and says how to get helm when there is none', async () => {
    expect(resolveHelmBinary({ helmBin: undefined, root })).toBe('helm')
    const path_ = process.env.PATH
    process.env.PATH = root
    try {
      const error = await new HelmCli({ binary: 'helm' }).version().catch((e: unknown) => e)
      expect(error).toEqual(new HelmError(NO_HELM_MESSAGE, '', null))
    } finally {
      process.env.PATH = path_
    }
    expect(NO_HELM_MESSAGE).toMatch(/set HELM_BIN, run `npm install`.*or put helm 3 on PATH/)
  })

  it('finds the binary this checkout installed, and it runs', async () => {
    const binary = resolveHelmBinary({ helmBin: undefined })
    expect(binary).toBe(path.resolve(BUNDLED_HELM))
    expect(await new HelmCli({ binary }).version()).toMatch(/^v3\./)
  })
})
