// The guardrails step's message counts each kind in correct English ("4 NetworkPolicies", not "4 NetworkPolicys").
import { describe, expect, it } from 'vitest'
import type { KubeObject, KubePort } from '../../k8s/port'
import { genericApp } from '../../apps/testing/generic'
import { findPlan } from '../../plans/catalog'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'
import { applyGuardrails, countKinds } from './apply-guardrails'

const tenant: LoadedTenant = {
  id: 't1',
  orgId: 'o1',
  orgName: 'Acme',
  slug: 'acme',
  namespace: 'tenant-acme',
  appId: 'generic',
  planId: 'pro',
  appVersion: null,
  state: 'PROVISIONING',
  url: null,
  customDomain: null,
  helmRelease: null,
  app: genericApp(),
  plan: findPlan('pro')!,
}

describe('countKinds', () => {
  it.each([
    [['NetworkPolicy'], '1 NetworkPolicy'],
    [['NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy'], '4 NetworkPolicies'],
    [['CronJob', 'CronJob'], '2 CronJobs'],
    [['ResourceQuota', 'NetworkPolicy', 'LimitRange', 'NetworkPolicy'], '1 ResourceQuota, 2 NetworkPolicies, 1 LimitRange'],
    [['Ingress', 'Ingress'], '2 Ingresses'],
    [[], ''],
  ])('%j → %s', (kinds, expected) => {
    expect(countKinds(kinds)).toBe(expected)
  })
})

describe('applyGuardrails', () => {
  it('applies every guardrail and says how many of each kind', async () => {
    const applied: KubeObject[] = []
    const kube = {
      apply: async (object: KubeObject) => {
        applied.push(object)
        return object
      },
    } as unknown as KubePort
    const target: ClusterTarget = { mode: 'dry-run', kube, helm: null as never }
    const { message } = await applyGuardrails(target, tenant)
    const networkPolicies = applied.filter((o) => o.kind === 'NetworkPolicy').length
    expect(networkPolicies).toBeGreaterThan(1)
    expect(message).toContain(`${networkPolicies} NetworkPolicies`)
    expect(message).not.toMatch(/Policys|\(s\)/)
    expect(message).toBe(countKinds(applied.filter((o) => o.kind !== 'Namespace').map((o) => o.kind)))
    expect(message).toMatch(/^1 ResourceQuota, 1 LimitRange, /)
  })

  it('re-labels the namespace with the plan it applies, so a plan change leaves no stale plan label', async () => {
    const applied: KubeObject[] = []
    const kube = {
      apply: async (object: KubeObject) => {
        applied.push(object)
        return object
      },
    } as unknown as KubePort
    const target: ClusterTarget = { mode: 'dry-run', kube, helm: null as never }
    await applyGuardrails(target, { ...tenant, planId: 'enterprise', plan: findPlan('enterprise')! })
    const namespaces = applied.filter((o) => o.kind === 'Namespace')
    expect(namespaces.map((o) => o.metadata.name)).toEqual(['tenant-acme'])
    expect(namespaces[0]!.metadata.labels).toMatchObject({ 'tenancy.dev/plan': 'enterprise', 'tenancy.dev/tenant': 't1' })
  })
})
