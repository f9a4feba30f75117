/**
 * Where an app's chart is on disk, for helm: a path chart is used where it is; a chart from a
 * repository or an OCI registry is pulled once into the chart cache, keyed by its source and its
 * pinned version (DATA_DIR/charts/<source hash>/<version>), and used from there ever after. A pull
 * goes to a temporary directory first and is renamed into place, so a crash mid-pull leaves no
 * half chart in the cache.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { HelmPort } from '../helm/port'
import type { AppDefinition } from './definition'

export interface ChartLocation {
  /** A chart directory helm can install. */
  dir: string
  version: string
}

function cacheKey(chart: AppDefinition['chart']): string {
  const source = chart.oci ?? `${chart.repository}#${chart.chart}`
  return createHash('sha256').update(source).digest('hex').slice(0, 16)
}

/** The chart directory of an app at a version (the app's pinned chart version unless given). */
export async function chartLocation(
  app: AppDefinition,
  options: { helm: HelmPort; cacheDir: string; version?: string },
): Promise<ChartLocation> {
  const version = options.version ?? app.chart.version
  if (app.chart.path) return { dir: path.resolve(app.chart.path), version }
  const home = path.join(options.cacheDir, cacheKey(app.chart), version)
  const cached = fs.existsSync(home) ? fs.readdirSync(home).find((d) => fs.existsSync(path.join(home, d, 'Chart.yaml'))) : undefined
  if (cached) return { dir: path.join(home, cached), version }
  fs.mkdirSync(path.dirname(home), { recursive: true })
  const staging = fs.mkdtempSync(`${home}.pulling-`)
  try {
    const source = app.chart.oci ? { oci: app.chart.oci } : { repository: app.chart.repository!, chart: app.chart.chart! }
    await options.helm.pull(source, version, staging)
    fs.rmSync(home, { recursive: true, force: true })
    fs.renameSync(staging, home)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  const pulled = fs.readdirSync(home).find((d) => fs.existsSync(path.join(home, d, 'Chart.yaml')))
  if (!pulled) throw new Error(`helm pull of ${app.id} ${version} left no chart`)
  return { dir: path.join(home, pulled), version }
}
