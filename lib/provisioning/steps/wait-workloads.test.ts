// The database wait on a tenant with CloudNativePG Clusters: waited for until every instance is ready, skipped where the
// API server does not serve the kind, a timeout naming the Cluster; the app wait and dry-run never look at Clusters.
import { describe, expect, it } from 'vitest'
import { genericApp } from '../../apps/testing/generic'
import { KubeError, type KubeObject, type KubePort, type ObjectRef, type WaitOptions } from '../../k8s/port'
import { findPlan } from '../../plans/catalog'
import { tenantSelector } from '../guardrails'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'
import { waitForWorkloads } from './wait-workloads'

const tenant = { id: 't1', namespace: 'tenant-acme', app: genericApp(), plan: findPlan('pro')! } as LoadedTenant

const statefulSet = (ready: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'redis', namespace: 'tenant-acme', generation: 1 },
  spec: { replicas: 1 },
  status: { replicas: 1, updatedReplicas: 1, readyReplicas: ready, observedGeneration: 1 },
})
const database = (instances: number, readyInstances?: number): KubeObject => ({
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name: 'db', namespace: 'tenant-acme' },
  spec: { instances },
  status: readyInstances === undefined ? {} : { readyInstances },
})

/**
 * A cluster whose list answers per "apiVersion kind" (objects, or an error), and whose waitFor goes through the states
 * an object passes in turn (what a watch would deliver), returning the first one `done` accepts, else timing out as the
 * real port does (KubeError TIMEOUT with the description).
 */
function cluster(lists: Record<string, KubeObject[] | KubeError>, states: Record<string, KubeObject[]> = {}) {
  const listed: string[] = []
  const waited: string[] = []
  const kube = {
    list: async (apiVersion: string, kind: string, options?: { namespace?: string; labelSelector?: string }) => {
      listed.push(`${apiVersion} ${kind} ${options?.namespace} ${options?.labelSelector}`)
      const answer = lists[`${apiVersion} ${kind}`] ?? []
      if (answer instanceof KubeError) throw answer
      return answer
    },
    waitFor: async (ref: ObjectRef, done: (o: KubeObject | null) => boolean, options: WaitOptions) => {
      waited.push(`${ref.apiVersion} ${ref.kind} ${ref.namespace}/${ref.name}`)
      const seen = states[`${ref.kind} ${ref.name}`] ?? []
      const final = seen.find((o) => done(o))
      if (!final) throw new KubeError('TIMEOUT', `${options.description} not ready within ${options.timeoutMs} ms`)
      return final
    },
  } as unknown as KubePort
  const target = (mode: ClusterTarget['mode'] = 'live'): ClusterTarget => ({ mode, kube, helm: null as never })
  return { target, listed, waited }
}

describe('the database wait and CloudNativePG Clusters', () => {
  it('waits for a Cluster until status.readyInstances equals spec.instances', async () => {
    const { target, waited } = cluster(
      { 'postgresql.cnpg.io/v1 Cluster': [database(2)] },
      { 'Cluster db': [database(2), database(2, 1), database(2, 2)] },
    )
    expect(await waitForWorkloads(target(), tenant, 'StatefulSet', 'wait-database')).toEqual({ message: 'Cluster db: 2/2 instances ready' })
    expect(waited).toEqual(['postgresql.cnpg.io/v1 Cluster tenant-acme/db'])
  })

  it("lists only the tenant's Clusters, and waits for its StatefulSets as well", async () => {
    const { target, listed, waited } = cluster(
      { 'apps/v1 StatefulSet': [statefulSet(0)], 'postgresql.cnpg.io/v1 Cluster': [database(1)] },
      { 'StatefulSet redis': [statefulSet(0), statefulSet(1)], 'Cluster db': [database(1, 0), database(1, 1)] },
    )
    expect((await waitForWorkloads(target(), tenant, 'StatefulSet', 'wait-database')).message).toBe(
      'StatefulSet redis: 1/1 ready; Cluster db: 1/1 instances ready',
    )
    expect(listed).toContain(`postgresql.cnpg.io/v1 Cluster tenant-acme ${tenantSelector('t1')}`)
    expect(waited).toEqual(['apps/v1 StatefulSet tenant-acme/redis', 'postgresql.cnpg.io/v1 Cluster tenant-acme/db'])
  })

  it('fails naming the Cluster when its instances never all get ready', async () => {
    const { target } = cluster({ 'postgresql.cnpg.io/v1 Cluster': [database(1)] }, { 'Cluster db': [database(1), database(1, 0)] })
    const failure = await waitForWorkloads(target(), tenant, 'StatefulSet', 'wait-database').catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(KubeError)
    expect(failure).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/^Cluster tenant-acme\/db not ready/) })
  })

  it('counts an unserved kind as no Cluster (no CloudNativePG CRD), as the real port reports it', async () => {
    for (const error of [
      new KubeError('INVALID', 'the API server does not serve postgresql.cnpg.io/v1 (is its CRD installed?)', 404),
      new KubeError('NOT_FOUND', 'the server could not find the requested resource', 404),
    ]) {
      const { target, waited } = cluster({ 'postgresql.cnpg.io/v1 Cluster': error })
      expect(await waitForWorkloads(target(), tenant, 'StatefulSet', 'wait-database')).toEqual({ message: 'No StatefulSet in this plan' })
      expect(waited).toEqual([])
    }
  })

  it('fails on any other error listing Clusters', async () => {
    const { target } = cluster({ 'postgresql.cnpg.io/v1 Cluster': new KubeError('FORBIDDEN', 'clusters is forbidden', 403) })
    await expect(waitForWorkloads(target(), tenant, 'StatefulSet', 'wait-database')).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('the app wait and dry-run do not look at Clusters', async () => {
    const { target, listed, waited } = cluster({ 'postgresql.cnpg.io/v1 Cluster': [database(1)] })
    expect((await waitForWorkloads(target(), tenant, 'Deployment', 'wait-app')).message).toBe('No Deployment in this plan')
    expect((await waitForWorkloads(target('dry-run'), tenant, 'StatefulSet', 'wait-database')).message).toMatch(/^Dry-run/)
    expect(listed).toEqual([`apps/v1 Deployment tenant-acme ${tenantSelector('t1')}`])
    expect(waited).toEqual([])
  })
})
