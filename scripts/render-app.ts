/**
 * npm run apps:render -- <app file | app id> [plan id] [--yaml] [--custom-domain <name>] [--api-versions <group/version/Kind>]
 *
 * Renders an app's chart for each of its plans (or one) with the real helm and a sample tenant's
 * facts, and reports what the int tier would refuse: the values against values.schema.json, then
 * the rendered manifests against the Kubernetes schemas, Pod Security restricted, the quota of the
 * plan, the Services and the declared claims (lib/apps/check-rendering.ts). Exit 1 on any problem.
 * An app file is apps/<id>.json (`{ "app": …, "plans": […] }`); an id is looked up in the catalog.
 */
import fs from 'node:fs'
import path from 'node:path'
import { appNeeds } from '../lib/apps/app-needs'
import { DEFAULT_APPS } from '../lib/apps/catalog'
import { checkAppCharts, localChartDir } from '../lib/apps/check-catalog'
import { checkRendering } from '../lib/apps/check-rendering'
import { type AppDefinition, validateAppDefinition } from '../lib/apps/definition'
import { resolveValues } from '../lib/apps/resolve-values'
import { SAMPLE_TENANT, sampleFactsOptions } from '../lib/apps/sample-tenant'
import { tenantFacts } from '../lib/apps/tenant-facts'
import { HelmCli } from '../lib/helm/helm'
import { DEFAULT_CATALOG, type Plan, planSchema } from '../lib/plans/catalog'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}

function load(target: string): { app: AppDefinition; plans: Plan[] } {
  if (target.endsWith('.json')) {
    const file = JSON.parse(fs.readFileSync(path.resolve(target), 'utf8')) as { app: { id?: string }; plans: Record<string, unknown>[] }
    const plans = file.plans.map((p, i) => {
      const parsed = planSchema.safeParse({ app: file.app.id, ...p })
      if (!parsed.success) throw new Error(`plans[${i}]: ${parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`)
      return parsed.data
    })
    const result = validateAppDefinition(file.app, { planIds: plans.map((p) => p.id), label: 'app' })
    if (!result.ok) throw new Error(result.problems.join('\n'))
    return { app: result.app, plans }
  }
  const app = DEFAULT_APPS.find((a) => a.id === target)
  if (!app) throw new Error(`no app "${target}" (known: ${DEFAULT_APPS.map((a) => a.id).join(', ')})`)
  return { app, plans: DEFAULT_CATALOG.filter((p) => p.app === app.id) }
}

async function main(): Promise<number> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'))
  const [target, planId] = positional
  if (!target) {
    console.error('usage: npm run apps:render -- <apps/<id>.json | id> [plan id] [--yaml] [--custom-domain <name>] [--api-versions <v>]')
    return 2
  }
  const { app, plans } = load(target)
  const chosen = planId ? plans.filter((p) => p.id === planId) : plans
  if (!chosen.length) throw new Error(`no plan "${planId}" of ${app.id} (known: ${plans.map((p) => p.id).join(', ')})`)
  const dir = localChartDir(app)
  if (!dir) throw new Error(`${app.id}: only a chart with a path renders here`)
  const helm = new HelmCli()
  const apiVersions = process.argv.flatMap((a, i, all) => (all[i - 1] === '--api-versions' ? [a] : []))
  const tenant = { ...SAMPLE_TENANT, customDomain: option('--custom-domain') ?? null }
  let failed = false
  const startup = checkAppCharts([app], chosen)
  for (const problem of startup) console.log(`✗ ${problem}`)
  failed ||= startup.length > 0
  for (const serviceType of ['LoadBalancer', 'NodePort'] as const) {
    for (const plan of chosen) {
      const facts = tenantFacts(app, plan, tenant, sampleFactsOptions({ tcpServiceType: serviceType }))
      const values = resolveValues(app.values, facts)
      const objects = await helm.template({ name: 'instance', namespace: `tenant-${tenant.slug}`, chart: dir, values, apiVersions })
      if (process.argv.includes('--yaml') && serviceType === 'LoadBalancer') {
        console.log(`# ---- ${app.id} on ${plan.id}: values\n${JSON.stringify(values, null, 2)}`)
        console.log(`# ---- ${app.id} on ${plan.id}: ${objects.length} objects\n${JSON.stringify(objects, null, 2)}`)
      }
      const problems = checkRendering({ app, plan, facts, needs: appNeeds(app, plan, serviceType), objects })
      const label = `${app.id} on ${plan.id} (TCP as ${serviceType})`
      if (problems.length) {
        failed = true
        console.log(`✗ ${label}: ${problems.length} problem(s)`)
        for (const problem of problems) console.log(`    ${problem}`)
      } else console.log(`✓ ${label}: ${objects.length} objects, every check passed`)
    }
    // Without declared TCP ports the service type changes nothing: render once.
    if (!app.exposure.tcp.length) break
  }
  return failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(2)
  },
)
