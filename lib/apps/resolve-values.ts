/**
 * The chart values of one tenant: an app definition's `values` mapping resolved with that tenant's
 * facts. Dot paths become nested objects (`"app.resources.limits.cpu"` → `{ app: { resources: … } }`);
 * an entry whose `when` fact is false is left out; a fact the tenant's facts do not hold is refused
 * (AppError VALIDATION, naming the path and the fact), never replaced by a default.
 *
 * Pure: the same mapping and facts always give the same values.
 */
import { AppError } from '../errors/app-error'
import type { AppDefinition, Facts, FactValue, ValueSource } from './definition'

export type ChartValues = { [key: string]: unknown }

function lookUp(facts: Facts, fact: string, path: string): FactValue {
  if (!Object.hasOwn(facts, fact))
    throw new AppError('VALIDATION', `values[${JSON.stringify(path)}]: fact "${fact}" is missing for this tenant`)
  return facts[fact]!
}

function valueOf(source: ValueSource, facts: Facts, path: string): unknown {
  if ('value' in source) return structuredClone(source.value)
  const value = lookUp(facts, source.fact, path)
  if (source.scale === undefined && source.min === undefined && source.suffix === undefined) {
    return Array.isArray(value) ? [...value] : value
  }
  if (typeof value !== 'number') {
    throw new AppError(
      'VALIDATION',
      `values[${JSON.stringify(path)}]: fact "${source.fact}" is not a number (scale, min and suffix need one)`,
    )
  }
  let result = source.scale === undefined ? value : Math.floor(value * source.scale)
  if (source.min !== undefined) result = Math.max(source.min, result)
  return source.suffix === undefined ? result : `${result}${source.suffix}`
}

function isIncluded(source: ValueSource, facts: Facts, path: string): boolean {
  if (source.when === undefined) return true
  const flag = lookUp(facts, source.when, path)
  if (typeof flag !== 'boolean')
    throw new AppError('VALIDATION', `values[${JSON.stringify(path)}].when: fact "${source.when}" is not true or false`)
  return flag
}

export function resolveValues(mapping: AppDefinition['values'], facts: Facts): ChartValues {
  const values: ChartValues = {}
  for (const [path, source] of Object.entries(mapping)) {
    if (!isIncluded(source, facts, path)) continue
    const keys = path.split('.')
    const last = keys.pop()!
    let node = values
    for (const key of keys) {
      const next = node[key]
      if (next !== undefined && (typeof next !== 'object' || next === null || Array.isArray(next))) {
        throw new AppError('VALIDATION', `values[${JSON.stringify(path)}]: "${key}" is already set to a value`)
      }
      node = (node[key] ??= {}) as ChartValues
    }
    node[last] = valueOf(source, facts, path)
  }
  return values
}
