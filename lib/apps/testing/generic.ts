/** The built-in generic app in tests: its definition, its needs on a plan, and the chart values it gives a tenant. */
import { type AppNeeds, appNeeds } from '../app-needs'
import { DEFAULT_APPS, findApp } from '../catalog'
import type { AppDefinition } from '../definition'
import { resolveValues, type ChartValues } from '../resolve-values'
import { sampleFactsOptions } from '../sample-tenant'
import { type FactsOptions, type FactsTenant, tenantFacts } from '../tenant-facts'
import type { Plan } from '../../plans/catalog'

export function genericApp(): AppDefinition {
  return findApp('generic', DEFAULT_APPS)!
}

export function genericNeeds(plan: Plan): AppNeeds {
  return appNeeds(genericApp(), plan, 'LoadBalancer')
}

/** The values provisioning would give `tenant` on `plan` (sample platform options unless overridden). */
export function genericValues(plan: Plan, tenant: FactsTenant, options: Partial<FactsOptions> = {}, app = genericApp()): ChartValues {
  return resolveValues(app.values, tenantFacts(app, plan, tenant, sampleFactsOptions(options)))
}

/**
 * generic with the chart's bundled object storage turned on, as an operator would in APPS_FILE:
 * one more component and volume, the shares made room for (backups 10%, object storage 15%, the
 * app 45%, the database 30%; storage: backups 20%, objects 30%, app-data 20%, the database 30%).
 */
export function genericWithObjectStorage(): AppDefinition {
  const app = structuredClone(genericApp())
  const shares: Record<string, number> = { app: 0.45, database: 0.3, backup: 0.1 }
  app.components = [
    ...app.components.map((c) => ({ ...c, cpuShare: shares[c.name]!, memoryShare: shares[c.name]! })),
    { name: 'object-storage', cpuShare: 0.15, memoryShare: 0.15, replicas: 1 },
  ]
  const storage: Record<string, number> = { 'app-data': 0.2, data: 0.3, backups: 0.2 }
  app.volumes = [
    ...app.volumes.map((v) => ({ ...v, share: storage[v.name]! })),
    { name: 'object-data', mountPath: '/data', share: 0.3, component: 'object-storage', metered: true, alerted: true, growsWithPlan: true },
  ]
  app.secrets = [...app.secrets, { name: 'object-storage', kind: 'accessKeyPair' }]
  app.values = {
    ...app.values,
    'objectStorage.enabled': { value: true },
    'objectStorage.resources.requests.cpu': { fact: 'component.object-storage.cpuRequest' },
    'objectStorage.resources.requests.memory': { fact: 'component.object-storage.memoryRequest' },
    'objectStorage.resources.limits.cpu': { fact: 'component.object-storage.cpu' },
    'objectStorage.resources.limits.memory': { fact: 'component.object-storage.memory' },
    'objectStorage.persistence.size': { fact: 'volume.object-data.size' },
  }
  return app
}
