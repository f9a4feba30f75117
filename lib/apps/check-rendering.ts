/**
 * The static checks of an app's chart as rendered for one plan (issue 15): what the int tier holds
 * every shipped app to, and what `npm run apps:render` reports to the author of a chart.
 *
 * Pure: the rendered objects, the definition, the plan and the facts in, the problems out (one
 * line each, naming the object). Checked:
 * - the Kubernetes schemas (kubernetes-models; the kinds a shipped chart may render);
 * - Pod Security `restricted` in every pod template, no host access, only allowed volume types,
 *   resources on every container, the workload ServiceAccount without a token;
 * - secrets only by reference (env named like a secret comes from a Secret);
 * - images without a registry host;
 * - Services ClusterIP except the app's TCP ports on plans that allow them;
 * - the tenant labels on every object, pod template and claim template, and no namespace;
 * - the claims the definition declares, exactly;
 * - no surge and one job at a time; the sums of requests, limits, storage, pods and claims within
 *   the namespace quota of the plan (an autoscaled workload at its maximum, a CloudNativePG Cluster
 *   at its instances);
 * - the health check's and the HTTP routes' Services and ports exist.
 */
import type { KubeObject } from '../k8s/port'
import { parseQuantity } from '../k8s/quantity'
import { validateManifests } from '../k8s/validate'
import type { Plan } from '../plans/catalog'
import { LABELS, MANAGED_BY, tenantQuota } from '../provisioning/guardrails'
import { type AppNeeds, volumeClaims } from './app-needs'
import type { AppDefinition, Facts } from './definition'

export interface Container {
  name: string
  image?: string
  ports?: { hostPort?: number; containerPort: number }[]
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown } }[]
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> }
  securityContext?: {
    privileged?: boolean
    allowPrivilegeEscalation?: boolean
    readOnlyRootFilesystem?: boolean
    runAsNonRoot?: boolean
    runAsUser?: number
    capabilities?: { add?: string[]; drop?: string[] }
    seccompProfile?: { type?: string }
  }
}

export interface PodSpec {
  serviceAccountName?: string
  automountServiceAccountToken?: boolean
  hostNetwork?: boolean
  hostPID?: boolean
  hostIPC?: boolean
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type?: string } }
  containers: Container[]
  initContainers?: Container[]
  volumes?: Record<string, unknown>[]
}

export interface PodTemplate {
  owner: string
  /** How many such pods can run at once. */
  count: number
  labels: Record<string, string>
  spec: PodSpec
  /** Pods an operator makes from a spec of ours (CloudNativePG): counted, not checked for Pod Security. */
  operatorManaged?: boolean
}

type Spec = Record<string, unknown>
type Template = { metadata?: { labels?: Record<string, string> }; spec: PodSpec }

/** CRDs a shipped chart may render, which kubernetes-models has no schema for (their operators validate them). */
const OPERATOR_KINDS = new Set(['postgresql.cnpg.io/v1/Cluster', 'monitoring.coreos.com/v1/PrometheusRule'])

/** Every pod template (Deployment, StatefulSet, CronJob's job, Job, Pod, CloudNativePG Cluster), counted at its maximum. */
export function podTemplates(objects: KubeObject[]): PodTemplate[] {
  const autoscaled = new Map<string, number>()
  for (const o of objects.filter((x) => x.kind === 'HorizontalPodAutoscaler')) {
    const spec = o.spec as { scaleTargetRef: { kind: string; name: string }; maxReplicas: number }
    autoscaled.set(`${spec.scaleTargetRef.kind} ${spec.scaleTargetRef.name}`, spec.maxReplicas)
  }
  const templates: PodTemplate[] = []
  for (const o of objects) {
    const spec = o.spec as Spec
    const ref = `${o.kind} ${o.metadata.name}`
    const push = (t: Template, count: number) => templates.push({ owner: ref, count, labels: t.metadata?.labels ?? {}, spec: t.spec })
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
      const replicas = (spec.replicas as number | undefined) ?? 1
      push(spec.template as Template, Math.max(replicas, autoscaled.get(ref) ?? 0))
    } else if (o.kind === 'CronJob') push((spec.jobTemplate as { spec: { template: Template } }).spec.template, 1)
    else if (o.kind === 'Job') push(spec.template as Template, (spec.parallelism as number | undefined) ?? 1)
    else if (o.kind === 'Pod') templates.push({ owner: ref, count: 1, labels: o.metadata.labels ?? {}, spec: spec as unknown as PodSpec })
    else if (`${o.apiVersion}/${o.kind}` === 'postgresql.cnpg.io/v1/Cluster') {
      const cluster = spec as { instances?: number; resources?: Container['resources'] }
      templates.push({
        owner: ref,
        count: cluster.instances ?? 1,
        labels: o.metadata.labels ?? {},
        spec: { containers: [{ name: 'postgres', resources: cluster.resources }] },
        operatorManaged: true,
      })
    }
  }
  return templates
}

/** PVC names as they exist in the cluster: the chart's own, and <template>-<statefulset>-<ordinal>, and a Cluster's. */
export function claimNames(objects: KubeObject[]): string[] {
  const names = objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name)
  for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) {
    const spec = sts.spec as { replicas?: number; volumeClaimTemplates?: { metadata: { name: string } }[] }
    for (const template of spec.volumeClaimTemplates ?? []) {
      for (let i = 0; i < (spec.replicas ?? 1); i++) names.push(`${template.metadata.name}-${sts.metadata.name}-${i}`)
    }
  }
  for (const cluster of objects.filter((o) => `${o.apiVersion}/${o.kind}` === 'postgresql.cnpg.io/v1/Cluster')) {
    // CloudNativePG names each instance's claim <cluster>-<serial>, serials from 1.
    const instances = (cluster.spec as { instances?: number }).instances ?? 1
    for (let i = 1; i <= instances; i++) names.push(`${cluster.metadata.name}-${i}`)
  }
  return names.sort()
}

/** Requested storage of every claim the release makes (claim templates once per replica, a Cluster once per instance). */
export function storageRequests(objects: KubeObject[]): number {
  let total = 0
  for (const o of objects) {
    if (o.kind === 'PersistentVolumeClaim')
      total += parseQuantity((o.spec as { resources: { requests: { storage: string } } }).resources.requests.storage)
    if (o.kind === 'StatefulSet') {
      const spec = o.spec as { replicas?: number; volumeClaimTemplates?: { spec: { resources: { requests: { storage: string } } } }[] }
      for (const t of spec.volumeClaimTemplates ?? []) total += (spec.replicas ?? 1) * parseQuantity(t.spec.resources.requests.storage)
    }
    if (`${o.apiVersion}/${o.kind}` === 'postgresql.cnpg.io/v1/Cluster') {
      const spec = o.spec as { instances?: number; storage?: { size?: string }; walStorage?: { size?: string } }
      const per = parseQuantity(spec.storage?.size ?? '0') + parseQuantity(spec.walStorage?.size ?? '0')
      total += (spec.instances ?? 1) * per
    }
  }
  return total
}

/** The volume types Pod Security `restricted` allows. */
export const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
])

function checkPodSecurity(t: PodTemplate, facts: Facts, problems: string[]): void {
  const { owner, spec } = t
  const fail = (what: string) => problems.push(`${owner}: ${what}`)
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) fail('uses the host network, PID or IPC namespace')
  if (spec.automountServiceAccountToken !== false) fail('must set automountServiceAccountToken: false')
  if (spec.serviceAccountName !== facts.serviceAccountName) fail(`must run as ServiceAccount ${String(facts.serviceAccountName)}`)
  if (spec.securityContext?.runAsNonRoot !== true) fail('pod securityContext.runAsNonRoot must be true')
  if (!(Number(spec.securityContext?.runAsUser) > 0)) fail('pod securityContext.runAsUser must be above 0')
  if (spec.securityContext?.seccompProfile?.type !== 'RuntimeDefault') fail('pod seccompProfile must be RuntimeDefault')
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((k) => k !== 'name')
    if (types.length !== 1 || !ALLOWED_VOLUME_TYPES.has(types[0]!))
      fail(`volume ${String(volume.name)} is ${types.join('+')}, not one of ${[...ALLOWED_VOLUME_TYPES].join(', ')}`)
  }
  for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
    const at = (what: string) => fail(`container ${container.name} ${what}`)
    const sc = container.securityContext
    if (sc?.privileged) at('is privileged')
    if (sc?.allowPrivilegeEscalation !== false) at('must set allowPrivilegeEscalation: false')
    if (!sc?.capabilities?.drop?.includes('ALL')) at('must drop ALL capabilities')
    if (sc?.capabilities?.add?.length) at(`adds capabilities ${sc.capabilities.add.join(', ')}`)
    if (sc?.readOnlyRootFilesystem !== true) at('must have a read-only root filesystem')
    if ((sc?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) !== true) at('must run as non-root')
    if (sc?.runAsUser === 0) at('runs as user 0')
    for (const port of container.ports ?? []) if (port.hostPort !== undefined) at(`binds host port ${port.hostPort}`)
    if (!container.image) at('has no image')
    else {
      // Docker's rule: a first path component with a dot or a port, or "localhost", is a registry host.
      const [first, ...rest] = container.image.split('/')
      if (rest.length > 0 && (first!.includes('.') || first!.includes(':') || first === 'localhost'))
        at(`image ${container.image} names a registry host`)
    }
    for (const env of container.env ?? []) {
      if (/PASSWORD|SECRET|TOKEN|ACCESS_KEY/i.test(env.name) && !env.valueFrom?.secretKeyRef && env.value !== '')
        at(`env ${env.name} must come from a Secret (secretKeyRef), not a value`)
    }
  }
}

function checkResources(t: PodTemplate, plan: Plan, problems: string[]): void {
  for (const container of [...t.spec.containers, ...(t.spec.initContainers ?? [])]) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory'] as const) {
        if (container.resources?.[kind]?.[resource] === undefined)
          problems.push(`${t.owner}: container ${container.name} states no ${kind}.${resource}`)
      }
    }
    const limits = container.resources?.limits
    if (limits?.cpu && parseQuantity(limits.cpu) > plan.limits.cpuMillicores / 1000 + 1e-9)
      problems.push(`${t.owner}: container ${container.name} limits.cpu ${limits.cpu} is above the plan's ${plan.limits.cpuMillicores}m`)
    if (limits?.memory && parseQuantity(limits.memory) > plan.limits.memoryMiB * 2 ** 20)
      problems.push(`${t.owner}: container ${container.name} limits.memory ${limits.memory} is above the plan's ${plan.limits.memoryMiB}Mi`)
  }
}

/** What the quota charges for one pod: the larger of its containers' sum and its biggest init container (0 when unstated). */
export function podCharge(spec: PodSpec, kind: 'requests' | 'limits', resource: 'cpu' | 'memory'): number {
  const of = (c: Container) => parseQuantity(c.resources?.[kind]?.[resource] ?? '0')
  const containers = spec.containers.reduce((sum, c) => sum + of(c), 0)
  return Math.max(containers, ...(spec.initContainers ?? []).map(of))
}

function checkQuota(
  objects: KubeObject[],
  templates: PodTemplate[],
  app: AppDefinition,
  plan: Plan,
  needs: AppNeeds,
  problems: string[],
): void {
  for (const o of objects.filter((x) => x.kind === 'Deployment')) {
    const strategy = (o.spec as { strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string } } }).strategy
    if (strategy?.type !== 'Recreate' && !(strategy?.rollingUpdate?.maxSurge === 0 || strategy?.rollingUpdate?.maxSurge === '0%'))
      problems.push(
        `Deployment ${o.metadata.name}: must use strategy Recreate or RollingUpdate with maxSurge 0 (a surge pod is not in the quota)`,
      )
  }
  for (const o of objects.filter((x) => x.kind === 'CronJob')) {
    if ((o.spec as { concurrencyPolicy?: string }).concurrencyPolicy !== 'Forbid')
      problems.push(`CronJob ${o.metadata.name}: must set concurrencyPolicy: Forbid`)
  }
  const quota = tenantQuota(plan, needs)
  const fits = (used: number, hard: string, what: string, shown = String(used)) => {
    if (used > parseQuantity(hard) * (1 + 1e-9)) problems.push(`quota ${what}: ${shown} is above the plan's ${hard}`)
  }
  const sum = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
    templates.reduce((total, t) => total + t.count * podCharge(t.spec, kind, resource), 0)
  fits(sum('requests', 'cpu'), quota['requests.cpu']!, 'requests.cpu')
  fits(sum('limits', 'cpu'), quota['limits.cpu']!, 'limits.cpu')
  fits(sum('requests', 'memory'), quota['requests.memory']!, 'requests.memory', `${Math.ceil(sum('requests', 'memory') / 2 ** 20)}Mi`)
  fits(sum('limits', 'memory'), quota['limits.memory']!, 'limits.memory', `${Math.ceil(sum('limits', 'memory') / 2 ** 20)}Mi`)
  fits(storageRequests(objects), quota['requests.storage']!, 'requests.storage', `${Math.ceil(storageRequests(objects) / 2 ** 30)}Gi`)
  fits(
    templates.reduce((total, t) => total + t.count, 0),
    quota.pods!,
    'pods',
  )
  fits(claimNames(objects).length, quota.persistentvolumeclaims!, 'persistentvolumeclaims')
  fits(objects.filter((o) => o.kind === 'Service').length, quota.services!, 'services')
  fits(objects.filter((o) => o.kind === 'ConfigMap').length, quota.configmaps!, 'configmaps')
  // The chart's Secrets, the credentials Secret, the TLS Secrets and helm's release history (--history-max 5, plus one being written).
  const tlsSecrets = new Set(
    objects
      .filter((o) => o.kind === 'Ingress')
      .flatMap((o) => ((o.spec as { tls?: { secretName?: string }[] }).tls ?? []).map((t) => t.secretName)),
  )
  const basicAuth = app.secrets.filter((s) => s.kind === 'basicAuth').length
  fits(objects.filter((o) => o.kind === 'Secret').length + 1 + basicAuth + tlsSecrets.size + 6, quota.secrets!, 'secrets')
}

function checkServices(objects: KubeObject[], app: AppDefinition, plan: Plan, facts: Facts, problems: string[]): void {
  const services = objects.filter((o) => o.kind === 'Service')
  const allowed = app.exposure.tcp.filter((t) => t.plans.includes(plan.id))
  for (const service of services) {
    const spec = service.spec as { type?: string; externalIPs?: unknown; ports: { port: number; nodePort?: number }[] }
    const type = spec.type ?? 'ClusterIP'
    const name = service.metadata.name
    if (spec.externalIPs) problems.push(`Service ${name}: sets externalIPs`)
    if (type === 'ClusterIP') {
      for (const port of spec.ports) if (port.nodePort !== undefined) problems.push(`Service ${name}: sets a nodePort`)
      continue
    }
    const mine = allowed.filter((t) => t.service === name)
    if (!mine.length) {
      problems.push(`Service ${name}: type ${type} on plan ${plan.id}, which exposes no TCP port of ${app.id} on it`)
      continue
    }
    if (type !== facts['tcp.serviceType'])
      problems.push(`Service ${name}: type ${type}, but the cluster exposes TCP ports as ${String(facts['tcp.serviceType'])}`)
    const ports = spec.ports.map((p) => p.port).sort()
    const declared = mine.map((t) => t.port).sort()
    if (ports.join() !== declared.join())
      problems.push(`Service ${name}: exposes ports ${ports.join(', ')}; the app declares ${declared.join(', ')}`)
    if (type === 'LoadBalancer' && (spec as { allocateLoadBalancerNodePorts?: boolean }).allocateLoadBalancerNodePorts !== false)
      problems.push(`Service ${name}: a LoadBalancer must set allocateLoadBalancerNodePorts: false (no port opened on every node)`)
  }
  const hasPort = (serviceName: string, port: number) =>
    services.some((s) => s.metadata.name === serviceName && (s.spec as { ports: { port: number }[] }).ports.some((p) => p.port === port))
  if (!hasPort(app.health.service, app.health.port)) problems.push(`health: no Service ${app.health.service} with port ${app.health.port}`)
  for (const route of app.exposure.http) {
    if (!hasPort(route.service, route.port))
      problems.push(`exposure.http ${route.host}${route.path}: no Service ${route.service} with port ${route.port}`)
  }
  // Every HTTP host of the app is served by an Ingress rule.
  const hosts = objects
    .filter((o) => o.kind === 'Ingress')
    .flatMap((o) => ((o.spec as { rules?: { host?: string }[] }).rules ?? []).map((r) => r.host))
  for (const route of app.exposure.http) {
    const host = String(route.host === 'instance' ? facts.host : facts[`host.${route.host}`])
    if (!hosts.includes(host)) problems.push(`exposure.http ${route.host}${route.path}: no Ingress rule for host ${host}`)
  }
}

function checkLabels(objects: KubeObject[], templates: PodTemplate[], facts: Facts, problems: string[]): void {
  const required: Record<string, string> = { [LABELS.tenant]: String(facts['tenant.id']), [LABELS.managedBy]: MANAGED_BY }
  const missing = (labels: Record<string, string> | undefined) =>
    Object.entries(required)
      .filter(([k, v]) => labels?.[k] !== v)
      .map(([k, v]) => `${k}=${v}`)
  for (const o of objects) {
    const gaps = missing(o.metadata.labels)
    if (!o.metadata.labels?.['app.kubernetes.io/part-of']) gaps.push('app.kubernetes.io/part-of')
    if (gaps.length) problems.push(`${o.kind} ${o.metadata.name}: lacks labels ${gaps.join(', ')}`)
    if (o.metadata.namespace !== undefined) problems.push(`${o.kind} ${o.metadata.name}: sets metadata.namespace (helm sets it)`)
  }
  for (const t of templates.filter((x) => !x.operatorManaged)) {
    const gaps = missing(t.labels)
    if (gaps.length) problems.push(`${t.owner} pod template: lacks labels ${gaps.join(', ')}`)
    // A chart-only upgrade must not restart pods (the database least of all); an app version does anyway.
    if ('helm.sh/chart' in t.labels)
      problems.push(`${t.owner} pod template: carries helm.sh/chart (a chart-only upgrade would restart its pods)`)
  }
  for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) {
    for (const template of (sts.spec as { volumeClaimTemplates?: { metadata: { name: string; labels?: Record<string, string> } }[] })
      .volumeClaimTemplates ?? []) {
      const gaps = missing(template.metadata.labels)
      if (gaps.length)
        problems.push(`StatefulSet ${sts.metadata.name} claim template ${template.metadata.name}: lacks labels ${gaps.join(', ')}`)
      for (const volatile of ['helm.sh/chart', 'app.kubernetes.io/version'])
        if (volatile in (template.metadata.labels ?? {}))
          problems.push(
            `StatefulSet ${sts.metadata.name} claim template ${template.metadata.name}: carries ${volatile} (claims are immutable)`,
          )
    }
  }
}

export function checkRendering(input: { app: AppDefinition; plan: Plan; facts: Facts; needs: AppNeeds; objects: KubeObject[] }): string[] {
  const { app, plan, facts, needs, objects } = input
  const problems: string[] = []
  const standard = objects.filter((o) => !OPERATOR_KINDS.has(`${o.apiVersion}/${o.kind}`))
  for (const invalid of validateManifests(standard)) problems.push(`${invalid.ref}: ${invalid.errors.join(', ')}`)
  const templates = podTemplates(objects)
  for (const t of templates) {
    if (!t.operatorManaged) checkPodSecurity(t, facts, problems)
    checkResources(t, plan, problems)
  }
  checkQuota(objects, templates, app, plan, needs, problems)
  checkServices(objects, app, plan, facts, problems)
  checkLabels(objects, templates, facts, problems)
  const claims = claimNames(objects)
  const clusters = new Map(
    objects
      .filter((o) => `${o.apiVersion}/${o.kind}` === 'postgresql.cnpg.io/v1/Cluster')
      .map((o) => [o.metadata.name, (o.spec as { instances?: number }).instances ?? 1]),
  )
  // A volume the chart rendered as a CloudNativePG Cluster: the operator's claims, <cluster>-1…N.
  const operated = new Set(app.volumes.filter((v) => v.cnpgCluster && clusters.has(v.cnpgCluster)).map((v) => v.name))
  const declared = [
    ...volumeClaims(app, plan)
      .filter((c) => !operated.has(c.volume))
      .map((c) => c.name),
    ...app.volumes
      .filter((v) => operated.has(v.name))
      .flatMap((v) => Array.from({ length: clusters.get(v.cnpgCluster!)! }, (_, i) => `${v.cnpgCluster}-${i + 1}`)),
  ].sort()
  if (claims.join() !== declared.join())
    problems.push(`claims: the chart makes [${claims.join(', ')}]; the app declares [${declared.join(', ')}]`)
  return problems
}
