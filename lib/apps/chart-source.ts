/**
 * Where an app's chart is on disk, for helm: a path chart is used where it is; a chart from a
 * repository or an OCI registry is pulled once into the chart cache, keyed by its source and its
 * pinned version (DATA_DIR/charts/<source hash>/<version>), and used from there ever after. A pull
 * goes to a temporary directory first and is renamed into place, so a crash mid-pull leaves no
 * half chart in the cache; of two pulls of one version at once the first to finish stays in place.
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

/** The chart directory inside a pulled version's directory (helm untars the chart into one directory of its name). */
function chartIn(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined
  const found = fs.readdirSync(dir).find((d) => fs.existsSync(path.join(dir, d, 'Chart.yaml')))
  return found && path.join(dir, found)
}

/**
 * Moves a finished pull into place, unless another pull of the same version (another tenant's
 * install, another worker) got there first: then that chart, which its caller may be installing
 * from, is kept and this pull dropped. A version directory without a chart is nobody's and replaced.
 */
function settle(staging: string, home: string): void {
  if (chartIn(home)) return
  try {
    // Atomic; fails (ENOTEMPTY, EEXIST) when `home` is a directory that is not empty.
    fs.renameSync(staging, home)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
    if (chartIn(home)) return
    fs.rmSync(home, { recursive: true, force: true })
    fs.renameSync(staging, home)
  }
}

/** The chart directory of an app at a version (the app's pinned chart version unless given). */
export async function chartLocation(
  app: AppDefinition,
  options: { helm: HelmPort; cacheDir: string; version?: string },
): Promise<ChartLocation> {
  const version = options.version ?? app.chart.version
  if (app.chart.path) return { dir: path.resolve(app.chart.path), version }
  const home = path.join(options.cacheDir, cacheKey(app.chart), version)
  const cached = chartIn(home)
  if (cached) return { dir: cached, version }
  fs.mkdirSync(path.dirname(home), { recursive: true })
  const staging = fs.mkdtempSync(`${home}.pulling-`)
  try {
    const source = app.chart.oci ? { oci: app.chart.oci } : { repository: app.chart.repository!, chart: app.chart.chart! }
    await options.helm.pull(source, version, staging)
    if (!chartIn(staging)) throw new Error(`helm pull of ${app.id} ${version} left no chart`)
    settle(staging, home)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  const pulled = chartIn(home)
  if (!pulled) throw new Error(`helm pull of ${app.id} ${version} left no chart`)
  return { dir: pulled, version }
}
