/**
 * The chart's PrometheusRule, rendered by the real helm binary as on a cluster that serves the
 * CRD, and its rule groups as a Prometheus rule file: the tests load the very rules the chart
 * ships (with `for` shortened, or they would wait minutes).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { load } from 'js-yaml'
import { resolveHelmBinary } from '../../helm/binary'
import { findPlan } from '../../plans/catalog'
import { genericValues } from '../../apps/testing/generic'

const run = promisify(execFile)
export const CHART_DIR = path.resolve(import.meta.dirname, '../../../charts/tenant-instance')
export const PROMETHEUS_RULE_API = 'monitoring.coreos.com/v1/PrometheusRule'

/** `helm template` of the chart for a tenant, with or without the PrometheusRule CRD served. */
export async function renderChart(namespace: string, options: { withRuleCrd: boolean; showOnly?: string }): Promise<string> {
  const slug = namespace.replace(/^tenant-/, '')
  const values = genericValues(findPlan('pro')!, { id: `tenant-id-${slug}`, slug, customDomain: null }, { baseDomain: 'apps.example.com' })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-rules-'))
  try {
    const file = path.join(dir, 'values.json')
    fs.writeFileSync(file, JSON.stringify(values), { mode: 0o600 })
    const args = ['template', 'instance', CHART_DIR, '--namespace', namespace, '--values', file]
    if (options.withRuleCrd) args.push('--api-versions', PROMETHEUS_RULE_API)
    if (options.showOnly) args.push('--show-only', options.showOnly)
    const { stdout } = await run(resolveHelmBinary(), args, { maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

interface RuleDoc {
  kind: string
  spec: { groups: { name: string; rules: { alert: string; expr: string; for?: string; labels?: Record<string, string> }[] }[] }
}

/** The rule groups of the rendered PrometheusRule as a rule file (JSON is YAML); `forDuration` replaces each `for`. */
export async function chartRuleFile(namespace: string, options: { forDuration?: string } = {}): Promise<string> {
  const text = await renderChart(namespace, { withRuleCrd: true, showOnly: 'templates/prometheus-rule.yaml' })
  const doc = load(text) as RuleDoc
  if (doc.kind !== 'PrometheusRule') throw new Error(`expected a PrometheusRule, got ${doc.kind}`)
  const groups = doc.spec.groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) => (options.forDuration ? { ...r, for: options.forDuration } : r)),
  }))
  return JSON.stringify({ groups })
}
