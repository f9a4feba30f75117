/**
 * Provisioning step "health" (after the workloads are ready, on install and on a plan change): the
 * app's own health check through the API server's service proxy, asked every 2 s until it answers
 * 2xx or the step's timeout passes. HEALTH_GATE=report records the answer without failing (a
 * cluster whose pods never run). Dry-run: nothing runs, nothing to ask.
 */
import { getEnv } from '../../env'
import { KubeError } from '../../k8s/port'
import type { LoadedTenant } from '../load-tenant'
import { probeAppHealth } from '../probe-app-health'
import type { ClusterTarget } from '../target'

const INTERVAL_MS = 2_000

export async function checkHealth(
  target: ClusterTarget,
  tenant: LoadedTenant,
  options: { intervalMs?: number } = {},
): Promise<{ message: string }> {
  const { health } = tenant.app
  if (target.mode === 'dry-run')
    return { message: `Dry-run: nothing runs, GET ${health.path} on ${health.service}:${health.port} not asked` }
  const env = getEnv()
  const deadline = Date.now() + env.stepTimeoutMs('health')
  const gate = env.HEALTH_GATE
  for (;;) {
    const remaining = deadline - Date.now()
    const probe = await probeAppHealth(target.kube, tenant.namespace, health, Math.max(1_000, Math.min(10_000, remaining)))
    if (probe.healthy) return { message: `${probe.check}: ${probe.detail}` }
    if (gate === 'report') return { message: `${probe.check}: ${probe.detail} (not gating: HEALTH_GATE=report)` }
    if (Date.now() + (options.intervalMs ?? INTERVAL_MS) >= deadline)
      throw new KubeError('TIMEOUT', `${probe.check} did not answer 2xx in time; last: ${probe.detail}`)
    await new Promise((r) => setTimeout(r, options.intervalMs ?? INTERVAL_MS))
  }
}
