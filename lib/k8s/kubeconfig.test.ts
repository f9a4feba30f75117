import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ClusterConfigError, resolveKubeconfig } from './kubeconfig'

let dir: string
let home: string
let token: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kubeconfig-test-'))
  home = path.join(dir, 'home')
  mkdirSync(home)
  token = path.join(dir, 'serviceaccount', 'token')
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

function write(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, 'apiVersion: v1\nkind: Config\n')
  return file
}

describe('resolveKubeconfig', () => {
  it('dry-run is dry-run whatever exists', () => {
    write(path.join(home, '.kube', 'config'))
    write(token)
    expect(resolveKubeconfig({ mode: 'dry-run', homeDir: home, serviceAccountTokenPath: token })).toEqual({ mode: 'dry-run' })
  })

  it('kubeconfig: the explicit path first', () => {
    const explicit = write(path.join(dir, 'explicit.yaml'))
    write(path.join(home, '.kube', 'config'))
    expect(resolveKubeconfig({ mode: 'kubeconfig', kubeconfigPath: explicit, homeDir: home })).toEqual({
      mode: 'kubeconfig',
      kubeconfigPath: explicit,
    })
  })

  it('kubeconfig: the first existing file of a KUBECONFIG list', () => {
    const second = write(path.join(dir, 'second.yaml'))
    const list = [path.join(dir, 'missing.yaml'), second].join(path.delimiter)
    expect(resolveKubeconfig({ mode: 'kubeconfig', kubeconfigPath: list, homeDir: home })).toEqual({
      mode: 'kubeconfig',
      kubeconfigPath: second,
    })
  })

  it('kubeconfig: ~/.kube/config when no path is given', () => {
    const file = write(path.join(home, '.kube', 'config'))
    expect(resolveKubeconfig({ mode: 'kubeconfig', homeDir: home })).toEqual({ mode: 'kubeconfig', kubeconfigPath: file })
    expect(resolveKubeconfig({ mode: 'kubeconfig', kubeconfigPath: '', homeDir: home })).toEqual({
      mode: 'kubeconfig',
      kubeconfigPath: file,
    })
  })

  it('kubeconfig: a clear error naming where it looked', () => {
    const missing = path.join(dir, 'nope.yaml')
    expect(() => resolveKubeconfig({ mode: 'kubeconfig', kubeconfigPath: missing, homeDir: home })).toThrow(ClusterConfigError)
    expect(() => resolveKubeconfig({ mode: 'kubeconfig', kubeconfigPath: missing, homeDir: home })).toThrow(
      `no kubeconfig file exists at KUBECONFIG (${missing})`,
    )
    expect(() => resolveKubeconfig({ mode: 'kubeconfig', homeDir: home })).toThrow(path.join(home, '.kube', 'config'))
  })

  it('kubeconfig: a directory is not a kubeconfig', () => {
    mkdirSync(path.join(home, '.kube', 'config'), { recursive: true })
    expect(() => resolveKubeconfig({ mode: 'kubeconfig', homeDir: home })).toThrow(ClusterConfigError)
  })

  it('in-cluster: needs the mounted token', () => {
    expect(() => resolveKubeconfig({ mode: 'in-cluster', serviceAccountTokenPath: token })).toThrow(
      `no service-account token is mounted at ${token}`,
    )
    write(token)
    expect(resolveKubeconfig({ mode: 'in-cluster', serviceAccountTokenPath: token })).toEqual({ mode: 'in-cluster' })
  })

  it('auto: a kubeconfig, else the service account, else dry-run', () => {
    const options = { mode: 'auto' as const, homeDir: home, serviceAccountTokenPath: token }
    expect(resolveKubeconfig(options)).toEqual({ mode: 'dry-run' })
    write(token)
    expect(resolveKubeconfig(options)).toEqual({ mode: 'in-cluster' })
    const file = write(path.join(home, '.kube', 'config'))
    expect(resolveKubeconfig(options)).toEqual({ mode: 'kubeconfig', kubeconfigPath: file })
    const explicit = write(path.join(dir, 'explicit.yaml'))
    expect(resolveKubeconfig({ ...options, kubeconfigPath: explicit })).toEqual({ mode: 'kubeconfig', kubeconfigPath: explicit })
  })

  it('auto: a KUBECONFIG that points nowhere falls through instead of failing', () => {
    expect(
      resolveKubeconfig({ mode: 'auto', kubeconfigPath: path.join(dir, 'gone.yaml'), homeDir: home, serviceAccountTokenPath: token }),
    ).toEqual({ mode: 'dry-run' })
  })
})
