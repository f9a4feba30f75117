/**
 * The app catalog (DESIGN.md §7, issue 15): the shipped apps (lib/apps/built-in.ts) plus an
 * operator's APPS_FILE.
 *
 * APPS_FILE is JSON `{ "apps": [<app definition>, …] }`. Apps are merged by id: an operator's app
 * replaces the built-in one of that id whole (a definition is one unit: its mapping, shares and
 * chart belong together) or adds a new app, whose plans come from PLANS_FILE (`"app": "<id>"`).
 * Every app is validated with the schema and the fact check (lib/apps/definition.ts) against its
 * own plans, and the two catalogs against each other (every app has a plan, every plan an app); a
 * bad file stops the process at start with one line naming the field (ConfigError, exit 2).
 */
import { z } from 'zod'
import { applyJsonConfigFile } from '../config-file'
import { ConfigError, getEnv } from '../env'
import { DEFAULT_CATALOG, getCatalog, type Plan } from '../plans/catalog'
import { BUILT_IN_APP_FILES } from './built-in'
import { checkAppCharts } from './check-catalog'
import { type AppDefinition, validateAppDefinition } from './definition'

const fileSchema = z.object({ apps: z.array(z.unknown()) }).strict()

const planIdsOf = (plans: readonly Plan[], entry: unknown) => {
  const id = (entry as { id?: unknown } | null)?.id
  return plans.filter((p) => p.app === id).map((p) => p.id)
}

/** Parses and checks a list of definitions (each against its own plans); every problem is one line naming its path. */
function validateAll(
  entries: unknown[],
  plans: readonly Plan[],
  labels: (i: number) => string,
): { apps: AppDefinition[]; problems: string[] } {
  const apps: AppDefinition[] = []
  const problems: string[] = []
  entries.forEach((entry, i) => {
    const result = validateAppDefinition(entry, { planIds: planIdsOf(plans, entry), label: labels(i) })
    if (result.ok) apps.push(result.app)
    else problems.push(...result.problems)
  })
  return { apps, problems }
}

function builtIn(): AppDefinition[] {
  const { apps, problems } = validateAll(
    BUILT_IN_APP_FILES.map((f) => f.app),
    DEFAULT_CATALOG,
    (i) => `apps[${i}]`,
  )
  if (problems.length) throw new Error(`The built-in app catalog is invalid: ${problems.join('; ')}`)
  return apps
}

export const DEFAULT_APPS: AppDefinition[] = builtIn()

/** The built-in apps with an operator's apps merged by id (the parsed contents of APPS_FILE). Throws one line. */
export function mergeApps(defaults: AppDefinition[], file: unknown, plans: readonly Plan[] = DEFAULT_CATALOG): AppDefinition[] {
  const parsed = fileSchema.safeParse(file)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(
      `${issue.path.length ? issue.path.join('.') : 'the file'}: ` +
        (issue.code === 'unrecognized_keys' ? 'only "apps" is allowed at the top level' : issue.message),
    )
  }
  const { apps, problems } = validateAll(parsed.data.apps, plans, (i) => `apps[${i}]`)
  if (problems.length) throw new Error(problems[0]! + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''))
  const byId = new Map(defaults.map((app) => [app.id, app]))
  const seen = new Set<string>()
  apps.forEach((app, i) => {
    if (seen.has(app.id)) throw new Error(`apps[${i}].id: "${app.id}" appears twice`)
    seen.add(app.id)
    byId.set(app.id, app)
  })
  return [...byId.values()]
}

/**
 * The problems between the apps and the plans: a plan of an app that is not in the catalog, an
 * app without a plan. Each one line, with the variable whose file can fix it.
 */
export function catalogMismatches(apps: readonly AppDefinition[], plans: readonly Plan[]): { variable: string; message: string }[] {
  const ids = apps.map((a) => a.id)
  const problems: { variable: string; message: string }[] = []
  for (const plan of plans) {
    if (!ids.includes(plan.app))
      problems.push({ variable: 'PLANS_FILE', message: `plan "${plan.id}".app: unknown app "${plan.app}" (known: ${ids.join(', ')})` })
  }
  for (const plan of plans) {
    const app = apps.find((a) => a.id === plan.app)
    if (!app) continue
    const declared = [...app.entitlements.map((e) => e.name), ...(app.seats ? [app.seats.name] : [])]
    for (const name of Object.keys(plan.entitlements)) {
      if (!declared.includes(name))
        problems.push({
          variable: 'PLANS_FILE',
          message: `plan "${plan.id}".entitlements.${name}: ${app.id} declares no such entitlement or seat (known: ${
            declared.join(', ') || 'none'
          })`,
        })
    }
  }
  for (const app of apps) {
    if (!plans.some((p) => p.app === app.id))
      problems.push({
        variable: 'APPS_FILE',
        message: `apps.${app.id}: no plan belongs to it (add plans with "app": "${app.id}" to PLANS_FILE)`,
      })
  }
  return problems
}

/** Reads and applies APPS_FILE over the built-in apps, checked against `plans`; errors are one line (ConfigError). */
export function loadApps(file: string | undefined, plans: readonly Plan[] = DEFAULT_CATALOG): AppDefinition[] {
  const apps = file ? applyJsonConfigFile('APPS_FILE', file, (parsed) => mergeApps(DEFAULT_APPS, parsed, plans)) : DEFAULT_APPS
  const mismatch = catalogMismatches(apps, plans)[0]
  if (mismatch) throw new ConfigError([mismatch])
  return apps
}

const KEY = Symbol.for('tenancy.apps.catalog')
const holder = ((globalThis as Record<symbol, { apps?: AppDefinition[] }>)[KEY] ??= {})

/**
 * The apps in force: the built-in ones, or with APPS_FILE merged (read once per process), each
 * checked against its chart for every plan (lib/apps/check-catalog.ts), and APPS_SOLD against them.
 */
export function getApps(): AppDefinition[] {
  if (!holder.apps) {
    const env = getEnv()
    const plans = getCatalog()
    const apps = loadApps(env.APPS_FILE, plans)
    const problems = checkAppCharts(apps, plans)
    if (problems.length)
      throw new ConfigError([
        { variable: 'APPS_FILE', message: problems[0]! + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : '') },
      ])
    const unknown = env.APPS_SOLD.find((id) => !apps.some((a) => a.id === id))
    if (unknown)
      throw new ConfigError([
        { variable: 'APPS_SOLD', message: `"${unknown}" is not an app of the catalog (known: ${apps.map((a) => a.id).join(', ')})` },
      ])
    holder.apps = apps
  }
  return holder.apps
}

/** The apps this company sells (APPS_SOLD, in its order; every app when it is empty). */
export function soldApps(): AppDefinition[] {
  const apps = getApps()
  const sold = getEnv().APPS_SOLD
  return sold.length ? sold.map((id) => apps.find((a) => a.id === id)!) : apps
}

/** Tests and tools: forget the loaded apps (the next call reads the configuration again). */
export function resetAppsCache(): void {
  holder.apps = undefined
}

export function findApp(id: string, apps: AppDefinition[] = getApps()): AppDefinition | undefined {
  return apps.find((app) => app.id === id)
}
