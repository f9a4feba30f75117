import { describe, expect, it } from 'vitest'
import { describeRef, summarizeStatus } from './describe'

describe('describeRef', () => {
  it('names namespaced and cluster-scoped objects', () => {
    expect(describeRef({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'app', namespace: 'tenant-acme' })).toBe(
      'Deployment tenant-acme/app',
    )
    expect(describeRef({ apiVersion: 'v1', kind: 'Namespace', name: 'tenant-acme' })).toBe('Namespace tenant-acme')
  })
})

describe('summarizeStatus', () => {
  it('says when there is nothing to summarize', () => {
    expect(summarizeStatus(undefined)).toBe('not observed yet')
    expect(summarizeStatus(null)).toBe('does not exist')
    expect(summarizeStatus({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toBe('exists, no status reported')
  })

  it('summarizes replicas, conditions and generations of a workload', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app', generation: 3 },
      spec: { replicas: 2 },
      status: {
        observedGeneration: 2,
        readyReplicas: 1,
        conditions: [
          {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
          { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
        ],
      },
    }
    expect(summarizeStatus(deployment)).toBe(
      '1/2 replicas ready; generation 3 not yet observed; ' +
        'Available=False (MinimumReplicasUnavailable: Deployment does not have minimum availability.); ' +
        'Progressing=True (ReplicaSetUpdated)',
    )
  })

  it('summarizes a phase and a deletion in progress, and stays short', () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n', deletionTimestamp: '2026-01-01T00:00:00Z' },
      status: { phase: 'Terminating' },
    }
    expect(summarizeStatus(ns)).toBe('being deleted since 2026-01-01T00:00:00Z; phase Terminating')
    const noisy = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { conditions: [{ type: 'Ready', status: 'False', message: 'x'.repeat(1000) }] },
    }
    expect(summarizeStatus(noisy).length).toBe(400)
  })
})
