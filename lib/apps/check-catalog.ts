/**
 * The start-up check of every app against its chart, for every plan it is sold on (issue 15): the
 * values its mapping gives a sample tenant resolve and pass the chart's values.schema.json, the
 * chart's Chart.yaml has the pinned version, and the plan fits what the app declares (every pod at
 * its maximum within the plan's pods). The rendered manifests are held to the quota by the int tier
 * and by `npm run apps:render`; a chart from a repository is checked once it is in the chart cache.
 */
import fs from 'node:fs'
import path from 'node:path'
import { CORE_SCHEMA, load } from 'js-yaml'
import type { Plan } from '../plans/catalog'
import { type AppDefinition, onPlan, planFlags, replicaCount } from './definition'
import { resolveValues } from './resolve-values'
import { SAMPLE_TENANT, sampleFactsOptions } from './sample-tenant'
import { tenantFacts } from './tenant-facts'
import { valuesSchemaProblems } from './values-schema'

/** A chart source that is a path: its directory (relative to the working directory); null for a repository or OCI chart. */
export function localChartDir(app: AppDefinition): string | null {
  return app.chart.path ? path.resolve(app.chart.path) : null
}

function readYaml(file: string): Record<string, unknown> {
  return (load(fs.readFileSync(file, 'utf8'), { schema: CORE_SCHEMA }) as Record<string, unknown> | null) ?? {}
}

/** Pods the app can run at once on a plan (autoscaled components at their maximum). */
export function declaredPods(app: AppDefinition, plan: Plan): number {
  const flags = planFlags(app, plan)
  return app.components.filter((c) => onPlan(c, flags)).reduce((sum, c) => sum + replicaCount(c.maxReplicas ?? c.replicas, plan), 0)
}

export function checkAppCharts(apps: readonly AppDefinition[], plans: readonly Plan[]): string[] {
  const problems: string[] = []
  for (const app of apps) {
    const where = `apps.${app.id}`
    const dir = localChartDir(app)
    let defaults: Record<string, unknown> = {}
    if (dir) {
      const chartFile = path.join(dir, 'Chart.yaml')
      if (!fs.existsSync(chartFile)) {
        problems.push(`${where}.chart.path: no chart at ${app.chart.path} (no Chart.yaml)`)
        continue
      }
      const version = String(readYaml(chartFile).version ?? '')
      if (version !== app.chart.version)
        problems.push(`${where}.chart.version: "${app.chart.version}", but ${app.chart.path}/Chart.yaml says "${version}"`)
      if (fs.existsSync(path.join(dir, 'values.yaml'))) defaults = readYaml(path.join(dir, 'values.yaml'))
    }
    for (const plan of plans.filter((p) => p.app === app.id)) {
      const at = `${where} on plan ${plan.id}`
      const pods = declaredPods(app, plan)
      if (pods > plan.limits.pods) problems.push(`${at}: runs up to ${pods} pods; the plan allows ${plan.limits.pods}`)
      let values: Record<string, unknown>
      try {
        values = resolveValues(app.values, tenantFacts(app, plan, SAMPLE_TENANT, sampleFactsOptions()))
      } catch (error) {
        problems.push(`${at}: ${(error as Error).message}`)
        continue
      }
      if (!dir) continue
      for (const problem of valuesSchemaProblems(dir, values, defaults) ?? []) problems.push(`${at}: values${problem}`)
    }
  }
  return problems
}
