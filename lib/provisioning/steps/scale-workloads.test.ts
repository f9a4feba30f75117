// Suspending on clusters that serve only one CronJob version (as the real Kubernetes port reports a kind it does not serve),
// CloudNativePG Clusters hibernated and woken, and a cluster that fails while listing.
import { describe, expect, it } from 'vitest'
import { KubeError, type KubeObject, type KubePort } from '../../k8s/port'
import { findPlan } from '../../plans/catalog'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'
import { scaleDown, scaleUp } from './scale-workloads'
import { genericApp } from '../../apps/testing/generic'

const tenant: LoadedTenant = {
  id: 't1',
  orgId: 'o1',
  orgName: 'Acme',
  slug: 'acme',
  namespace: 'tenant-acme',
  appId: 'generic',
  planId: 'pro',
  appVersion: null,
  state: 'ACTIVE',
  url: null,
  customDomain: null,
  helmRelease: null,
  app: genericApp(),
  plan: findPlan('pro')!,
}
const cron = (apiVersion: string): KubeObject => ({ apiVersion, kind: 'CronJob', metadata: { name: 'backups', namespace: 'tenant-acme' } })

/** A cluster whose list answers per API version: objects, or an error. */
function cluster(lists: Record<string, KubeObject[] | KubeError>): {
  target: ClusterTarget
  patched: string[]
  patches: { ref: string; patch: Record<string, unknown> }[]
} {
  const patched: string[] = []
  const patches: { ref: string; patch: Record<string, unknown> }[] = []
  const kube = {
    list: async (apiVersion: string, kind: string) => {
      const answer = lists[`${apiVersion} ${kind}`] ?? []
      if (answer instanceof KubeError) throw answer
      return answer
    },
    patch: async (ref: { apiVersion: string; kind: string; name: string }, patch: Record<string, unknown>) => {
      patched.push(`${ref.apiVersion} ${ref.kind} ${ref.name}`)
      patches.push({ ref: `${ref.apiVersion} ${ref.kind} ${ref.name}`, patch })
      return null
    },
  } as unknown as KubePort
  return { target: { mode: 'dry-run', kube, helm: null as never }, patched, patches }
}

const notServed = (v: string) => new KubeError('NOT_FOUND', `the server could not find the requested resource (${v})`, 404)
// What lib/k8s/client.ts says for a kind missing from a version the server serves, and for a group version it does not serve.
const noKind = (v: string, kind: string) => new KubeError('INVALID', `the API server has no kind ${kind} in ${v}`)
const noGroup = (v: string) => new KubeError('INVALID', `the API server does not serve ${v} (is its CRD installed?)`, 404)

describe('scaleDown and CronJob versions', () => {
  it('suspends batch/v1beta1 CronJobs where only that version is served (Kubernetes 1.20)', async () => {
    const { target, patched } = cluster({ 'batch/v1beta1 CronJob': [cron('batch/v1beta1')], 'batch/v1 CronJob': notServed('batch/v1') })
    expect((await scaleDown(target, tenant)).message).toContain('1 CronJob suspended')
    expect(patched).toEqual(['batch/v1beta1 CronJob backups'])
  })

  it('suspends batch/v1 CronJobs where batch/v1beta1 is gone (Kubernetes 1.25 and later)', async () => {
    const { target, patched } = cluster({ 'batch/v1beta1 CronJob': notServed('batch/v1beta1'), 'batch/v1 CronJob': [cron('batch/v1')] })
    await scaleDown(target, tenant)
    expect(patched).toEqual(['batch/v1 CronJob backups'])
  })

  it('suspends a tenant without CronJobs on Kubernetes 1.20, whose batch/v1 has no CronJob (the real port says INVALID)', async () => {
    const { target, patched } = cluster({ 'batch/v1beta1 CronJob': [], 'batch/v1 CronJob': noKind('batch/v1', 'CronJob') })
    expect((await scaleDown(target, tenant)).message).toBe('No workloads scaled to 0; volumes kept')
    expect((await scaleUp(target, tenant)).message).toBe('No workloads')
    expect(patched).toEqual([])
  })

  it('suspends batch/v1 CronJobs where the port says batch/v1beta1 is not served at all', async () => {
    const { target, patched } = cluster({ 'batch/v1beta1 CronJob': noGroup('batch/v1beta1'), 'batch/v1 CronJob': [cron('batch/v1')] })
    await scaleDown(target, tenant)
    expect(patched).toEqual(['batch/v1 CronJob backups'])
  })

  it('fails the step on any other refusal of the list', async () => {
    const { target } = cluster({ 'batch/v1beta1 CronJob': new KubeError('FORBIDDEN', 'cronjobs.batch is forbidden', 403) })
    await expect(scaleDown(target, tenant)).rejects.toThrow('forbidden')
  })

  it('fails the step when the API server cannot answer, rather than leaving backups running', async () => {
    const { target } = cluster({ 'batch/v1beta1 CronJob': new KubeError('UNAVAILABLE', 'connection refused') })
    await expect(scaleDown(target, tenant)).rejects.toThrow('connection refused')
  })
})

describe('step messages', () => {
  it('count the CronJobs in correct English', async () => {
    const two = [cron('batch/v1'), { ...cron('batch/v1'), metadata: { name: 'reports', namespace: 'tenant-acme' } }]
    const { target } = cluster({ 'batch/v1beta1 CronJob': notServed('batch/v1beta1'), 'batch/v1 CronJob': two })
    expect((await scaleDown(target, tenant)).message).toBe('No workloads scaled to 0, 2 CronJobs suspended; volumes kept')
    expect((await scaleUp(target, tenant)).message).toBe('No workloads; 2 CronJobs resumed')
    const { target: one } = cluster({ 'batch/v1beta1 CronJob': [cron('batch/v1beta1')] })
    expect((await scaleUp(one, tenant)).message).toBe('No workloads; 1 CronJob resumed')
  })
})

describe('CloudNativePG Clusters', () => {
  const postgres: KubeObject = {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'postgres', namespace: 'tenant-acme' },
  }
  const hibernation = (patches: { ref: string; patch: Record<string, unknown> }[]) =>
    patches
      .filter((p) => p.ref === 'postgresql.cnpg.io/v1 Cluster postgres')
      .map((p) => (p.patch.metadata as { annotations: Record<string, string> }).annotations['cnpg.io/hibernation'])

  it('are hibernated on suspend and woken on resume', async () => {
    const { target, patches } = cluster({ 'postgresql.cnpg.io/v1 Cluster': [postgres] })
    expect((await scaleDown(target, tenant)).message).toBe('No workloads scaled to 0, 1 CloudNativePG Cluster hibernated; volumes kept')
    expect(hibernation(patches)).toEqual(['on'])
    expect((await scaleUp(target, tenant)).message).toBe('No workloads; 1 CloudNativePG Cluster woken')
    expect(hibernation(patches)).toEqual(['on', 'off'])
  })

  it('are none where the API server does not serve the kind (no operator installed)', async () => {
    const { target, patched } = cluster({ 'postgresql.cnpg.io/v1 Cluster': noGroup('postgresql.cnpg.io/v1') })
    expect((await scaleDown(target, tenant)).message).toBe('No workloads scaled to 0; volumes kept')
    expect(patched).toEqual([])
  })

  it('fail the step when they cannot be listed, rather than leaving the database running', async () => {
    const { target } = cluster({ 'postgresql.cnpg.io/v1 Cluster': new KubeError('UNAVAILABLE', 'connection refused') })
    await expect(scaleDown(target, tenant)).rejects.toThrow('connection refused')
  })
})
