/**
 * Which cluster Tenancy talks to, from CLUSTER_MODE (DESIGN.md §2 "Modes"):
 * - `kubeconfig`: the given path (KUBECONFIG, possibly a list), else ~/.kube/config; an error if none exists;
 * - `in-cluster`: the pod's service account; an error if its token is not mounted;
 * - `auto`: a kubeconfig when one exists, else the service account when mounted, else dry-run;
 * - `dry-run`: nothing is applied.
 * The caller passes the configuration in (lib/env.ts is the only reader of the environment).
 */
import { existsSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'

export type ClusterModeSetting = 'auto' | 'dry-run' | 'kubeconfig' | 'in-cluster'

export interface ResolvedCluster {
  mode: 'kubeconfig' | 'in-cluster' | 'dry-run'
  /** Set when mode is kubeconfig: the one file to load. */
  kubeconfigPath?: string
}

export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token'

export class ClusterConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ClusterConfigError'
  }
}

export interface ResolveKubeconfigOptions {
  mode: ClusterModeSetting
  /** KUBECONFIG: one path, or several separated by the platform's path delimiter (the first existing one is used). */
  kubeconfigPath?: string
  /** Where ~/.kube/config is looked for (defaults to the user's home directory). */
  homeDir?: string
  /** The mounted service-account token (defaults to the standard in-pod path). */
  serviceAccountTokenPath?: string
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

function candidates(options: ResolveKubeconfigOptions): { paths: string[]; explicit: boolean } {
  const given = (options.kubeconfigPath ?? '')
    .split(path.delimiter)
    .map((p) => p.trim())
    .filter(Boolean)
  if (given.length > 0) return { paths: given.map((p) => path.resolve(p)), explicit: true }
  return { paths: [path.join(options.homeDir ?? homedir(), '.kube', 'config')], explicit: false }
}

export function resolveKubeconfig(options: ResolveKubeconfigOptions): ResolvedCluster {
  const tokenPath = options.serviceAccountTokenPath ?? SERVICE_ACCOUNT_TOKEN_PATH
  switch (options.mode) {
    case 'dry-run':
      return { mode: 'dry-run' }
    case 'in-cluster':
      if (!existsSync(tokenPath)) {
        throw new ClusterConfigError(
          `CLUSTER_MODE is in-cluster but no service-account token is mounted at ${tokenPath} ` +
            '(is this running in a pod with automountServiceAccountToken?)',
        )
      }
      return { mode: 'in-cluster' }
    case 'kubeconfig': {
      const { paths, explicit } = candidates(options)
      const found = paths.find(isFile)
      if (!found) {
        const where = explicit ? `KUBECONFIG (${paths.join(', ')})` : paths[0]
        throw new ClusterConfigError(
          `CLUSTER_MODE is kubeconfig but no kubeconfig file exists at ${where}; set KUBECONFIG to the file's path`,
        )
      }
      return { mode: 'kubeconfig', kubeconfigPath: found }
    }
    case 'auto': {
      const found = candidates(options).paths.find(isFile)
      if (found) return { mode: 'kubeconfig', kubeconfigPath: found }
      if (existsSync(tokenPath)) return { mode: 'in-cluster' }
      return { mode: 'dry-run' }
    }
  }
}
