/**
 * The PromQL of metering: one query per metric for every tenant at once, aggregated by namespace
 * (and claim for storage). Only namespaces named like ours (`tenant-…`) are selected.
 *
 * - Storage: the highest reading of the window (`max_over_time`), so a volume that filled and was
 *   cleaned up within the hour still shows how close it came; `max by` folds duplicate series
 *   (a claim reported by two kubelets while its pod moves).
 * - CPU: `increase()` of the containers' counters; the pod-level cgroup series (container="")
 *   and the pause container repeat the same seconds and are excluded.
 * - Bandwidth: `increase()` of bytes sent by the pods' network interfaces (cAdvisor reports
 *   them on the pod sandbox), loopback excluded.
 * increase() handles counter resets (a drop is taken as a restart from 0) and extrapolates to the
 * window's edges; see docs/architecture.md, "Metering", for the tolerance that implies.
 */
export const TENANT_NAMESPACES = 'tenant-.+'

export function meteringQueries(windowSeconds: number, namespaceMatcher = `namespace=~"${TENANT_NAMESPACES}"`) {
  const w = `${Math.round(windowSeconds)}s`
  const ns = namespaceMatcher
  return {
    STORAGE_USED_BYTES: `max by (namespace, persistentvolumeclaim) (max_over_time(kubelet_volume_stats_used_bytes{${ns}}[${w}]))`,
    STORAGE_CAPACITY_BYTES: `max by (namespace, persistentvolumeclaim) (max_over_time(kubelet_volume_stats_capacity_bytes{${ns}}[${w}]))`,
    CPU_CORE_SECONDS: `sum by (namespace) (increase(container_cpu_usage_seconds_total{${ns},container!="",container!="POD"}[${w}]))`,
    NETWORK_EGRESS_BYTES: `sum by (namespace) (increase(container_network_transmit_bytes_total{${ns},interface!="lo"}[${w}]))`,
  } as const
}

/** The same figures for ONE tenant, as a per-tenant collector asks them (the benchmark's baseline). */
export function perTenantQueries(namespace: string, windowSeconds: number) {
  if (!/^[a-z0-9-]+$/.test(namespace)) throw new Error(`Not a namespace name: ${namespace}`)
  return meteringQueries(windowSeconds, `namespace="${namespace}"`)
}
