/**
 * A chart's `values.schema.json` (JSON Schema draft-07, as helm reads it), compiled once per
 * chart directory: the values an app's mapping gives on each plan are checked against it at start
 * (lib/apps/check-catalog.ts) instead of at the first install, by helm, in front of a customer.
 */
import fs from 'node:fs'
import path from 'node:path'
import Ajv, { type ValidateFunction } from 'ajv'

const compiled = new Map<string, ValidateFunction | null>()

function validatorFor(chartDir: string): ValidateFunction | null {
  if (!compiled.has(chartDir)) {
    const file = path.join(chartDir, 'values.schema.json')
    if (!fs.existsSync(file)) compiled.set(chartDir, null)
    else {
      // strict: false — chart schemas carry keywords ajv does not know (helm ignores them too).
      const ajv = new Ajv({ allErrors: true, strict: false })
      compiled.set(chartDir, ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object))
    }
  }
  return compiled.get(chartDir)!
}

/**
 * The problems of `values` against the chart's schema, one line each (`/app/replicas: must be >= 1`);
 * `null` when the chart has no values.schema.json. Helm merges values.yaml under the given values
 * before it validates, so `defaults` (values.yaml, parsed) is merged the same way.
 */
export function valuesSchemaProblems(
  chartDir: string,
  values: Record<string, unknown>,
  defaults: Record<string, unknown>,
): string[] | null {
  const validate = validatorFor(chartDir)
  if (!validate) return null
  if (validate(mergeValues(defaults, values))) return []
  return (validate.errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : ''
    return `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${extra}`
  })
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Helm's coalescing: given values over the chart's defaults, objects merged key by key, anything else replaced. */
export function mergeValues(defaults: Json, values: Json): Json {
  const merged: Json = { ...defaults }
  for (const [key, value] of Object.entries(values)) {
    merged[key] = isObject(value) && isObject(defaults[key]) ? mergeValues(defaults[key], value) : value
  }
  return merged
}
