/**
 * The Helm port against the real API server of `npm run cluster:up`: the tenant chart installed,
 * upgraded and uninstalled with the real helm binary; the release's revisions as helm records them;
 * immutable volume specs (volumeClaimTemplates, existing claims) kept on an upgrade to a bigger
 * plan; the backup CronJob in whichever batch version the server serves.
 */
import crypto from 'node:crypto'
import path from 'node:path'
import zlib from 'node:zlib'
import { ApiException, AppsV1Api, CoreV1Api, CustomObjectsApi, KubernetesObjectApi, NetworkingV1Api } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminKubeConfig, clusterKubeconfigPath, isClusterUp } from '../k8s/testing/cluster'
import { parseQuantity } from '../k8s/quantity'
import { findPlan } from '../plans/catalog'
import { buildGuardrails, GUARDRAIL_NAMES } from '../provisioning/guardrails'
import { genericValues } from '../apps/testing/generic'
import { HelmCli } from './helm'
import { HelmError } from './port'
import { genericNeeds } from '../apps/testing/generic'

const CHART = path.resolve(import.meta.dirname, '../../charts/tenant-instance')
const suffix = crypto.randomBytes(3).toString('hex')
const namespace = `helm-port-${suffix}`
const tenant = { id: `helmtest${suffix}`, slug: `helm-${suffix}`, namespace, customDomain: null }
const RELEASE = 'instance'

let helm: HelmCli
let core: CoreV1Api
let apps: AppsV1Api
let networking: NetworkingV1Api
let objects: CustomObjectsApi

/** The CronJob as batch/v1 (Kubernetes 1.21+) or batch/v1beta1 (the 1.20 test cluster). */
async function readCronJob(name: string): Promise<unknown> {
  for (const version of ['v1', 'v1beta1']) {
    try {
      return await objects.getNamespacedCustomObject({ group: 'batch', version, namespace, plural: 'cronjobs', name })
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) throw error
    }
  }
  return null
}

function valuesFor(planId: string) {
  const plan = findPlan(planId)
  if (!plan) throw new Error(`no plan ${planId}`)
  return genericValues(plan, tenant, {
    baseDomain: 'tenants.test',
    licenseToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0In0.c2ln',
    ingressClassName: 'nginx',
    clusterIssuer: 'test-issuer',
  })
}

beforeAll(async () => {
  if (!(await isClusterUp())) throw new Error('the local cluster is not up: run npm run cluster:up (or npm run test:cluster)')
  helm = new HelmCli({ kubeconfig: clusterKubeconfigPath() })
  const kc = adminKubeConfig()
  core = kc.makeApiClient(CoreV1Api)
  apps = kc.makeApiClient(AppsV1Api)
  networking = kc.makeApiClient(NetworkingV1Api)
  objects = kc.makeApiClient(CustomObjectsApi)
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'tenancy-tests' } } } })
})

afterAll(async () => {
  await helm?.uninstall(RELEASE, namespace).catch(() => undefined)
  await core?.deleteNamespace({ name: namespace }).catch((error: unknown) => {
    if (!(error instanceof ApiException && error.code === 404)) throw error
  })
})

describe('HelmCli on a real API server', () => {
  it('has no release before the first install', async () => {
    expect(await helm.status(RELEASE, namespace)).toBeNull()
  })

  it('installs the chart: revision 1, deployed, objects in the namespace', async () => {
    const status = await helm.upgradeInstall({ name: RELEASE, namespace, chart: CHART, values: valuesFor('demo') })
    expect(status).toEqual({ name: RELEASE, namespace, revision: 1, status: 'deployed' })
    expect(await helm.status(RELEASE, namespace)).toEqual({ name: RELEASE, namespace, revision: 1, status: 'deployed' })

    const deployment = await apps.readNamespacedDeployment({ name: 'app', namespace })
    expect(deployment.spec?.replicas).toBe(1)
    expect(deployment.metadata?.labels).toMatchObject({ 'tenancy.dev/tenant': tenant.id, 'tenancy.dev/managed-by': 'tenancy' })
    const sts = await apps.readNamespacedStatefulSet({ name: 'postgres', namespace })
    expect(sts.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage).toBe('3Gi')
    const pvc = await core.readNamespacedPersistentVolumeClaim({ name: 'app-data', namespace })
    expect(pvc.spec?.resources?.requests?.storage).toBe('2Gi')
    const ingress = await networking.readNamespacedIngress({ name: 'app', namespace })
    expect(ingress.spec?.rules?.[0]?.host).toBe(`${tenant.slug}.tenants.test`)
    const license = await core.readNamespacedSecret({ name: 'license', namespace })
    expect(Object.keys(license.data ?? {})).toEqual(['license.jwt'])
  })

  it('upgrades to a bigger plan: revision 2, backups on, volumes kept as they were created', async () => {
    const status = await helm.upgradeInstall({ name: RELEASE, namespace, chart: CHART, values: valuesFor('pro') })
    expect(status).toMatchObject({ revision: 2, status: 'deployed' })
    expect((await helm.status(RELEASE, namespace))?.revision).toBe(2)
    const deployment = await apps.readNamespacedDeployment({ name: 'app', namespace })
    expect(deployment.spec?.replicas).toBe(2)
    const sts = await apps.readNamespacedStatefulSet({ name: 'postgres', namespace })
    // pro asks for 24Gi per database volume; volumeClaimTemplates are immutable, the StatefulSet keeps 3Gi.
    expect(sts.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage).toBe('3Gi')
    expect(sts.spec?.template.spec?.containers[0]?.resources?.limits).toEqual({ cpu: '1440m', memory: '2949Mi' })
    // pro asks for a 16Gi ReadWriteMany app-data; the existing claim keeps its spec (access modes cannot change).
    const appData = await core.readNamespacedPersistentVolumeClaim({ name: 'app-data', namespace })
    expect(appData.spec?.accessModes).toEqual(['ReadWriteOnce'])
    expect(appData.spec?.resources?.requests?.storage).toBe('2Gi')
    // …so the two replicas must share a node to mount it.
    expect(deployment.spec?.template.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0]?.topologyKey).toBe(
      'kubernetes.io/hostname',
    )
    // New with the plan: the backups claim at pro's size, and the CronJob in the version the server serves.
    const backups = await core.readNamespacedPersistentVolumeClaim({ name: 'backups', namespace })
    expect(backups.spec?.resources?.requests?.storage).toBe('10Gi')
    expect(await readCronJob('backup')).toMatchObject({ spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Forbid' } })
  })

  it('reports a failed upgrade as a HelmError and leaves the deployed revision in place', async () => {
    const error = await helm
      .upgradeInstall({
        name: RELEASE,
        namespace,
        chart: CHART,
        values: { ...valuesFor('pro'), tenant: { id: tenant.id, slug: 'Not Valid' } },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(HelmError)
    expect((error as HelmError).message).toContain('tenant.slug: Does not match pattern')
    expect(await helm.status(RELEASE, namespace)).toMatchObject({ revision: 2, status: 'deployed' })
  })

  it('an upgrade interrupted half-way (pending-upgrade) blocks the next one until it is rolled back', async () => {
    // What a helm killed during an upgrade leaves: the newest revision's record says pending-upgrade.
    const current = await helm.status(RELEASE, namespace)
    const secretName = `sh.helm.release.v1.${RELEASE}.v${current!.revision}`
    const secret = await core.readNamespacedSecret({ name: secretName, namespace })
    const record = JSON.parse(
      zlib.gunzipSync(Buffer.from(Buffer.from(secret.data!.release!, 'base64').toString('utf8'), 'base64')).toString('utf8'),
    )
    record.info.status = 'pending-upgrade'
    const encoded = Buffer.from(Buffer.from(zlib.gzipSync(JSON.stringify(record))).toString('base64')).toString('base64')
    await core.replaceNamespacedSecret({
      name: secretName,
      namespace,
      body: {
        ...secret,
        data: { release: encoded },
        metadata: { ...secret.metadata, labels: { ...secret.metadata!.labels, status: 'pending-upgrade' } },
      },
    })
    expect(await helm.status(RELEASE, namespace)).toMatchObject({ revision: current!.revision, status: 'pending-upgrade' })

    const blocked = await helm.upgradeInstall({ name: RELEASE, namespace, chart: CHART, values: valuesFor('pro') }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((blocked as HelmError).stderr).toMatch(/another operation \(install\/upgrade\/rollback\) is in progress/)

    // completed by a rollback to the interrupted revision itself (the one before it would not
    // apply: its claim spec lacks the storage class the server filled in, and claim specs are immutable)
    expect(await helm.rollback(RELEASE, namespace, current!.revision)).toMatchObject({
      revision: current!.revision + 1,
      status: 'deployed',
    })
    expect(await helm.upgradeInstall({ name: RELEASE, namespace, chart: CHART, values: valuesFor('pro') })).toMatchObject({
      revision: current!.revision + 2,
      status: 'deployed',
    })
  })

  it('uninstalls: true, then false when the release is gone', async () => {
    expect(await helm.uninstall(RELEASE, namespace)).toBe(true)
    expect(await helm.uninstall(RELEASE, namespace)).toBe(false)
    expect(await helm.status(RELEASE, namespace)).toBeNull()
    const left = await apps.listNamespacedDeployment({ namespace })
    expect(left.items.map((d) => d.metadata?.name)).toEqual([])
  })
})

describe('the chart inside the guardrails of its plan', () => {
  const quotaSuffix = crypto.randomBytes(3).toString('hex')
  const quotaTenant = {
    id: `quotatest${quotaSuffix}`,
    slug: `quota-${quotaSuffix}`,
    namespace: `helm-quota-${quotaSuffix}`,
    orgId: 'org-test',
    customDomain: null,
  }

  afterAll(async () => {
    await core?.deleteNamespace({ name: quotaTenant.namespace }).catch(() => undefined)
  })

  it('runs every pod of the enterprise plan under its ResourceQuota and LimitRange', async () => {
    const plan = findPlan('enterprise')!
    const kc = adminKubeConfig()
    const client = KubernetesObjectApi.makeApiClient(kc)
    for (const object of buildGuardrails(plan, genericNeeds(plan), quotaTenant)) {
      // The controller-manager may have created the namespace's `default` ServiceAccount already.
      await client.create(object).catch((error: unknown) => {
        if (!(error instanceof ApiException && error.code === 409 && object.metadata.name === GUARDRAIL_NAMES.defaultServiceAccount))
          throw error
      })
    }
    await core.createNamespacedSecret({
      namespace: quotaTenant.namespace,
      body: {
        metadata: { name: 'instance-credentials' },
        stringData: { 'database-password': 'pw-test-1', 'admin-password': 'pw-test-2', 'admin-email': 'a@example.com' },
      },
    })
    const values = genericValues(plan, quotaTenant, {
      baseDomain: 'tenants.test',
      licenseToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0In0.c2ln',
    })
    expect(await helm.upgradeInstall({ name: RELEASE, namespace: quotaTenant.namespace, chart: CHART, values })).toMatchObject({
      revision: 1,
      status: 'deployed',
    })

    // Quota admission refuses any pod that does not fit: every replica must come up. The plan is
    // used to the last millicore, so a create that timed out on a loaded API server can leave its
    // charge in the quota's status until the controller-manager recounts (every 5 minutes): wait past that.
    const deadline = Date.now() + 390_000
    let ready = { app: 0, postgres: 0 }
    while (Date.now() < deadline) {
      const app = await apps.readNamespacedDeployment({ name: 'app', namespace: quotaTenant.namespace })
      const postgres = await apps.readNamespacedStatefulSet({ name: 'postgres', namespace: quotaTenant.namespace })
      ready = { app: app.status?.readyReplicas ?? 0, postgres: postgres.status?.readyReplicas ?? 0 }
      if (ready.app === 3 && ready.postgres === 3) break
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    const events = await core.listNamespacedEvent({ namespace: quotaTenant.namespace })
    const refusals = events.items.filter((e) => e.reason === 'FailedCreate').map((e) => e.message)
    expect(ready, `refused: ${refusals.join('; ') || 'none'}`).toEqual({ app: 3, postgres: 3 })

    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace: quotaTenant.namespace })
    expect(claims.items.map((c) => c.metadata?.name).sort()).toEqual([
      'app-data',
      'backups',
      'data-postgres-0',
      'data-postgres-1',
      'data-postgres-2',
    ])

    const quota = await core.readNamespacedResourceQuota({ name: GUARDRAIL_NAMES.quota, namespace: quotaTenant.namespace })
    const used = quota.status?.used ?? {}
    const hard = quota.status?.hard ?? {}
    for (const key of ['pods', 'requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'requests.storage']) {
      expect(used[key], key).toBeDefined()
      expect(parseQuantity(used[key]!), `${key}: ${used[key]} of ${hard[key]}`).toBeLessThanOrEqual(parseQuantity(hard[key]!))
    }
  }, 420_000)
})
