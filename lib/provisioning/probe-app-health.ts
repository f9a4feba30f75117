/**
 * The app's health check (its definition's `health`: a path on a Service), asked through the
 * Kubernetes API server's service proxy: the provisioning step after an install or upgrade
 * (steps/check-health.ts) and the instance panel (get-workload-status.ts) read the same answer.
 */
import type { AppDefinition } from '../apps/definition'
import { KubeError, type KubePort } from '../k8s/port'

export interface HealthProbe {
  healthy: boolean
  /** "GET /readyz on app:80". */
  check: string
  /** "200", "503: no endpoints available…", "no answer: …". */
  detail: string
}

export async function probeAppHealth(
  kube: KubePort,
  namespace: string,
  health: AppDefinition['health'],
  timeoutMs: number,
): Promise<HealthProbe> {
  const check = `GET ${health.path} on ${health.service}:${health.port}`
  try {
    const answer = await kube.proxyGet({ namespace, name: health.service, port: health.port }, health.path, { timeoutMs })
    const healthy = answer.status >= 200 && answer.status < 300
    const body = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200)
    return { healthy, check, detail: healthy || !body ? String(answer.status) : `${answer.status}: ${body}` }
  } catch (error) {
    if (error instanceof KubeError && ['UNAUTHORIZED', 'FORBIDDEN'].includes(error.code)) throw error
    return { healthy: false, check, detail: `no answer: ${(error as Error).message}` }
  }
}
