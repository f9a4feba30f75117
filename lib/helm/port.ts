/**
 * The Helm port: the real helm binary (helm.ts) behind a small interface. Values are passed as a
 * file, never on the command line (they hold secrets).
 */
import type { KubeObject } from '../k8s/port'

export interface HelmRelease {
  /** Release name (DNS-1123 label). */
  name: string
  namespace: string
  /** Path to the chart directory (charts/tenant-instance) or a packaged chart. */
  chart: string
  values: Record<string, unknown>
  /** `helm template` only: API versions the chart may assume the cluster serves (a live install asks the cluster). */
  apiVersions?: string[]
}

export interface HelmStatus {
  name: string
  namespace: string
  revision: number
  /** deployed, failed, pending-install, pending-upgrade, uninstalling… */
  status: string
}

export class HelmError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message)
    this.name = 'HelmError'
  }
}

export interface HelmPort {
  /** `helm upgrade --install` (no --wait: readiness is watched by the workflow). */
  upgradeInstall(release: HelmRelease, options?: { timeoutMs?: number }): Promise<HelmStatus>
  /** Returns false when no such release existed. */
  uninstall(name: string, namespace: string): Promise<boolean>
  /** null when the release does not exist. */
  status(name: string, namespace: string): Promise<HelmStatus | null>
  /** `helm rollback` to `revision` (a new revision with that one's manifest): releases a release an interrupted upgrade left pending. */
  rollback(name: string, namespace: string, revision: number): Promise<HelmStatus>
  /** `helm template`: the rendered manifests, parsed. */
  template(release: HelmRelease): Promise<KubeObject[]>
  version(): Promise<string>
  /** `helm pull --untar` of a pinned chart version from a chart repository or an OCI registry into `destination`. */
  pull(source: ChartPullSource, version: string, destination: string): Promise<void>
}

export type ChartPullSource = { repository: string; chart: string } | { oci: string }
