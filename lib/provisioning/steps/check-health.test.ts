import { afterEach, describe, expect, it } from 'vitest'
import { genericApp } from '../../apps/testing/generic'
import { resetEnvCache } from '../../env'
import { KubeError, type KubePort, type ProxyAnswer } from '../../k8s/port'
import { findPlan } from '../../plans/catalog'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'
import { checkHealth } from './check-health'

const tenant = {
  id: 't1',
  namespace: 'tenant-acme',
  app: genericApp(),
  plan: findPlan('pro')!,
} as LoadedTenant

/** A cluster whose service proxy gives these answers in turn (the last one again and again). */
function answering(...answers: (ProxyAnswer | Error)[]) {
  const asked: string[] = []
  const kube = {
    proxyGet: async (service: { namespace: string; name: string; port: number }, path: string) => {
      asked.push(`${service.namespace}/${service.name}:${service.port}${path}`)
      const answer = answers[Math.min(asked.length - 1, answers.length - 1)]!
      if (answer instanceof Error) throw answer
      return answer
    },
  } as unknown as KubePort
  return { target: { mode: 'live', kube, helm: null as never } as ClusterTarget, asked }
}

afterEach(() => {
  delete process.env.HEALTH_GATE
  delete process.env.PROVISION_STEP_TIMEOUTS
  resetEnvCache()
})

describe('the health step', () => {
  it("asks the app's own health path on its Service, through the service proxy, until it answers 2xx", async () => {
    const { target, asked } = answering({ status: 503, body: 'no endpoints available for service "app"' }, { status: 200, body: 'ok' })
    expect(await checkHealth(target, tenant, { intervalMs: 1 })).toEqual({ message: 'GET /readyz on app:80: 200' })
    expect(asked).toEqual(['tenant-acme/app:80/readyz', 'tenant-acme/app:80/readyz'])
  })

  it('fails when the app never answers 2xx within the step timeout, naming the last answer', async () => {
    process.env.PROVISION_STEP_TIMEOUTS = 'health=1'
    resetEnvCache()
    const { target } = answering({ status: 500, body: 'database\n  down' })
    const failure = await checkHealth(target, tenant, { intervalMs: 50 }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(KubeError)
    expect(failure).toMatchObject({
      code: 'TIMEOUT',
      message: 'GET /readyz on app:80 did not answer 2xx in time; last: 500: database down',
    })
  })

  it('records the answer without failing with HEALTH_GATE=report, and counts a connection error as no answer', async () => {
    process.env.HEALTH_GATE = 'report'
    resetEnvCache()
    const { target } = answering(new Error('connect ECONNREFUSED'))
    expect(await checkHealth(target, tenant)).toEqual({
      message: 'GET /readyz on app:80: no answer: connect ECONNREFUSED (not gating: HEALTH_GATE=report)',
    })
  })

  it('asks nothing on the dry-run cluster', async () => {
    const { target, asked } = answering({ status: 200, body: '' })
    expect(await checkHealth({ ...target, mode: 'dry-run' }, tenant)).toEqual({
      message: 'Dry-run: nothing runs, GET /readyz on app:80 not asked',
    })
    expect(asked).toEqual([])
  })
})
