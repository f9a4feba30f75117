/**
 * An operator's catalog in tests: APPS_FILE and PLANS_FILE written to a temporary directory and put
 * in force (the environment and both catalogs read again), and taken away again.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resetEnvCache } from '../../env'
import { resetCatalogCache } from '../../plans/catalog'
import { resetAppsCache } from '../catalog'

/** A JSON file in a fresh temporary directory; `contents` as is when it is a string (a broken file). */
export function writeConfigFile(name: string, contents: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-config-')), name)
  fs.writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents))
  return file
}

/** The environment and the app and plan catalogs read again on next use. */
export function reloadCatalogs(): void {
  resetEnvCache()
  resetCatalogCache()
  resetAppsCache()
}

/** Puts `{ apps }` in APPS_FILE and `{ plans }` in PLANS_FILE (each only when given) in force. */
export function useOperatorCatalog(files: { apps?: unknown[]; plans?: unknown[] }): void {
  if (files.apps) process.env.APPS_FILE = writeConfigFile('apps.json', { apps: files.apps })
  if (files.plans) process.env.PLANS_FILE = writeConfigFile('plans.json', { plans: files.plans })
  reloadCatalogs()
}

/** Back to the built-in catalogs (and APPS_SOLD unset). */
export function dropOperatorCatalog(): void {
  delete process.env.APPS_FILE
  delete process.env.PLANS_FILE
  delete process.env.APPS_SOLD
  reloadCatalogs()
}
