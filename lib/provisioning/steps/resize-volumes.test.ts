// Growing a tenant's volumes after a plan change: to the new plan's sizes, never smaller, and a
// refusal of the storage class noted rather than failing the change.
import { describe, expect, it } from 'vitest'
import { KubeError, type KubeObject, type KubePort } from '../../k8s/port'
import { findPlan } from '../../plans/catalog'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'
import { planClaimSizes, resizeVolumes } from './resize-volumes'
import { genericApp } from '../../apps/testing/generic'

const tenantOn = (planId: string): LoadedTenant => ({
  id: 't1',
  orgId: 'o1',
  orgName: 'Acme',
  slug: 'acme',
  namespace: 'tenant-acme',
  appId: 'generic',
  planId,
  appVersion: null,
  state: 'ACTIVE',
  url: null,
  customDomain: null,
  helmRelease: null,
  app: genericApp(),
  plan: findPlan(planId)!,
})
const claim = (name: string, storage: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'tenant-acme' },
  spec: { resources: { requests: { storage } } },
})

function cluster(claims: KubeObject[], refuse?: (name: string) => KubeError | undefined) {
  const patched: [string, unknown][] = []
  const kube = {
    list: async () => claims,
    patch: async (ref: { name: string }, patch: unknown) => {
      const refusal = refuse?.(ref.name)
      if (refusal) throw refusal
      patched.push([ref.name, patch])
      return null
    },
  } as unknown as KubePort
  const target: ClusterTarget = { mode: 'live', kube, helm: null as never }
  return { target, patched }
}

describe('resizeVolumes', () => {
  it('gives each chart claim the size the plan gives it', () => {
    const pro = planClaimSizes(tenantOn('pro'))
    expect([...pro.keys()]).toEqual(['app-data', 'data-postgres-0', 'backups'])
    const enterprise = planClaimSizes(tenantOn('enterprise'))
    expect([...enterprise.keys()]).toEqual(['app-data', 'data-postgres-0', 'data-postgres-1', 'data-postgres-2', 'backups'])
  })

  it('grows the claims a smaller plan created, to the new plan’s sizes, and leaves others alone', async () => {
    const free = planClaimSizes(tenantOn('free'))
    const pro = planClaimSizes(tenantOn('pro'))
    const { target, patched } = cluster([
      claim('app-data', free.get('app-data')!),
      claim('data-postgres-0', free.get('data-postgres-0')!),
      claim('backups', pro.get('backups')!),
      claim('someone-elses', '1Gi'),
    ])
    const { message } = await resizeVolumes(target, tenantOn('pro'))
    expect(patched).toEqual([
      ['app-data', { spec: { resources: { requests: { storage: pro.get('app-data') } } } }],
      ['data-postgres-0', { spec: { resources: { requests: { storage: pro.get('data-postgres-0') } } } }],
    ])
    expect(message).toBe(
      `Grown: app-data ${free.get('app-data')} → ${pro.get('app-data')}, ` +
        `data-postgres-0 ${free.get('data-postgres-0')} → ${pro.get('data-postgres-0')}`,
    )
  })

  it('never shrinks a claim (a downgrade keeps the bigger volume)', async () => {
    const pro = planClaimSizes(tenantOn('pro'))
    const { target, patched } = cluster([claim('app-data', pro.get('app-data')!), claim('data-postgres-0', pro.get('data-postgres-0')!)])
    expect((await resizeVolumes(target, tenantOn('free'))).message).toBe('Every volume already has its size')
    expect(patched).toEqual([])
  })

  it('notes a claim its storage class cannot expand, grows the rest, and fails on an outage', async () => {
    const free = planClaimSizes(tenantOn('free'))
    const claims = [claim('app-data', free.get('app-data')!), claim('data-postgres-0', free.get('data-postgres-0')!)]
    const refused = cluster(claims, (name) =>
      name === 'app-data'
        ? new KubeError(
            'FORBIDDEN',
            'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
            403,
          )
        : undefined,
    )
    const { message } = await resizeVolumes(refused.target, tenantOn('pro'))
    expect(refused.patched.map(([name]) => name)).toEqual(['data-postgres-0'])
    expect(message).toMatch(/^Grown: data-postgres-0 .*\. Not grown: app-data kept at .* \(only dynamically provisioned pvc can be resized/)

    const down = cluster(claims, () => new KubeError('UNAVAILABLE', 'connection refused'))
    await expect(resizeVolumes(down.target, tenantOn('pro'))).rejects.toThrow('connection refused')
  })
})
