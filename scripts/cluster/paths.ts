/**
 * Where the local cluster lives: the Kubernetes binaries are cached outside the repository,
 * keyed by version; the running cluster's state (certificates, etcd data, logs, pid files,
 * kubeconfig) sits in .cluster/ at the repository root.
 */
import os from 'node:os'
import path from 'node:path'

/** Debian's source package `kubernetes` (bookworm). */
export const KUBERNETES_VERSION = '1.20.2'

/**
 * Our build's revision of that version, part of the cache key (and so of CI's cache): bump it
 * whenever scripts/cluster/build.ts changes what it builds, so an older cache is never reused.
 * r1: the vendored github.com/modern-go/reflect2 1.0.1 is replaced by Debian's 1.0.2 (1.0.1
 * crashes the API server built with Go ≥ 1.18 at the first custom resource write).
 */
export const BUILD_REVISION = 'r1'

/** TENANCY_CLUSTER_PORT_OFFSET shifts every port, for a second cluster on the same machine. */
const offset = Number(process.env.TENANCY_CLUSTER_PORT_OFFSET ?? 0) || 0

export const ports = {
  etcdClient: 23790 + offset,
  etcdPeer: 23800 + offset,
  apiServer: 16443 + offset,
  controllerManager: 10357 + offset,
} as const

export const serviceClusterIpRange = '10.96.0.0/16'

/** ${TENANCY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tenancy} */
export function cacheRoot(): string {
  if (process.env.TENANCY_CACHE_DIR) return path.resolve(process.env.TENANCY_CACHE_DIR)
  const base = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || os.homedir(), '.cache')
  return path.join(base, 'tenancy')
}

/** The cache key: kubernetes-<version>-<revision>, e.g. kubernetes-1.20.2-r1. */
export function kubernetesDir(version = KUBERNETES_VERSION): string {
  return path.join(cacheRoot(), `kubernetes-${version}-${BUILD_REVISION}`)
}

export function binDir(version = KUBERNETES_VERSION): string {
  return path.join(kubernetesDir(version), 'bin')
}

export const binaries = ['kube-apiserver', 'kube-controller-manager'] as const

/** The repository root (this file is scripts/cluster/paths.ts). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** .cluster/ at the repository root; TENANCY_CLUSTER_DIR moves it (a second cluster: set TENANCY_CLUSTER_PORT_OFFSET too). */
export const stateDir = process.env.TENANCY_CLUSTER_DIR ? path.resolve(process.env.TENANCY_CLUSTER_DIR) : path.join(repoRoot, '.cluster')

export const state = {
  dir: stateDir,
  pki: path.join(stateDir, 'pki'),
  etcdData: path.join(stateDir, 'etcd'),
  logs: path.join(stateDir, 'logs'),
  run: path.join(stateDir, 'run'),
  kubeconfig: path.join(stateDir, 'kubeconfig'),
  controllerManagerKubeconfig: path.join(stateDir, 'controller-manager.kubeconfig'),
  tokens: path.join(stateDir, 'tokens.csv'),
  /** Held while the cluster is being started (and while a test run decides to stop it). */
  upLock: path.join(stateDir, 'up.lock'),
  /** One file per running test:cluster (named by pid), and the mark of a cluster a test run started. */
  testRuns: path.join(stateDir, 'test-runs'),
  startedByTests: path.join(stateDir, 'started-by-tests'),
}

export function pidFile(name: string): string {
  return path.join(state.run, `${name}.pid`)
}

export function logFile(name: string): string {
  return path.join(state.logs, `${name}.log`)
}
