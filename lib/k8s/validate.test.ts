import { describe, expect, it } from 'vitest'
import type { KubeObject } from './port'
import { manifestRef, VALIDATED_KINDS, validateManifest, validateManifests } from './validate'

const labels = { 'tenancy.dev/tenant': 't1' }

function deployment(overrides: { replicas?: unknown; container?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'tenant-acme', labels },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { containers: [{ name: 'app', image: 'tenancy/app:1.0.0', ...overrides.container }] },
      },
    },
  }
}

const validObjects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenant-acme', labels } },
  {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'plan', namespace: 'tenant-acme' },
    spec: { hard: { 'requests.cpu': '500m', 'limits.memory': '1Gi', 'requests.storage': '5Gi', pods: '10' } },
  },
  {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace: 'tenant-acme' },
    spec: { limits: [{ type: 'Container', default: { cpu: '100m' }, defaultRequest: { cpu: '50m' } }] },
  },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'tenant-workload', namespace: 'tenant-acme' },
    automountServiceAccountToken: false,
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'license', namespace: 'tenant-acme' },
    type: 'Opaque',
    stringData: { 'license.jwt': 'x.y.z' },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'tenant-acme' }, data: { a: 'b' } },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'app', namespace: 'tenant-acme' },
    spec: { type: 'ClusterIP', selector: { app: 'x' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'app-data', namespace: 'tenant-acme' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'tenant-acme' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  },
  deployment(),
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'postgres', namespace: 'tenant-acme' },
    spec: {
      serviceName: 'postgres',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'postgres', image: 'postgres:16-alpine' }] } },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } },
      ],
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'backup', namespace: 'tenant-acme' },
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'b', image: 'postgres:16-alpine' }] } } },
      },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace: 'tenant-acme' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'busybox' }] } } },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'app', namespace: 'tenant-acme' },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['acme.example.com'], secretName: 'app-tls' }],
      rules: [
        {
          host: 'acme.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'app', port: { name: 'http' } } } }] },
        },
      ],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: 'tenant-acme' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'tenant-acme' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'reader', namespace: 'tenant-acme' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'tenant-workload', namespace: 'tenant-acme' }],
  },
]

describe('validateManifest', () => {
  it.each(validObjects.map((o) => [`${o.apiVersion}/${o.kind}`, o] as const))('accepts a valid %s', (_type, obj) => {
    expect(validateManifest(obj)).toEqual([])
  })

  it('covers the kinds the brief requires', () => {
    for (const type of [
      'v1/Namespace',
      'v1/ResourceQuota',
      'v1/LimitRange',
      'v1/ServiceAccount',
      'v1/Secret',
      'v1/ConfigMap',
      'v1/Service',
      'v1/PersistentVolumeClaim',
      'v1/Pod',
      'apps/v1/Deployment',
      'apps/v1/StatefulSet',
      'batch/v1/CronJob',
      'batch/v1/Job',
      'networking.k8s.io/v1/Ingress',
      'networking.k8s.io/v1/NetworkPolicy',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
    ]) {
      expect(VALIDATED_KINDS).toContain(type)
    }
  })

  it('reports a wrong type with its path', () => {
    expect(validateManifest(deployment({ replicas: 'two' }))).toEqual(['/spec/replicas: must be integer'])
  })

  it('reports a missing required field', () => {
    const obj = deployment()
    const spec = obj.spec as { template: { spec: { containers: Record<string, unknown>[] } } }
    delete spec.template.spec.containers[0]!.name
    expect(validateManifest(obj)).toEqual(['/spec/template/spec/containers/0: must have required property name'])
  })

  it('reports a bad enum with the allowed values', () => {
    expect(validateManifest(deployment({ container: { imagePullPolicy: 'Sometimes' } }))).toEqual([
      '/spec/template/spec/containers/0/imagePullPolicy: must be one of Always, IfNotPresent, Never',
    ])
  })

  it('reports a bad Service type and a bad Ingress pathType', () => {
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'app' },
      spec: { type: 'Public', ports: [{ port: 80 }] },
    }
    expect(validateManifest(service)).toEqual(['/spec/type: must be one of ClusterIP, ExternalName, LoadBalancer, NodePort'])
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'app' },
      spec: {
        rules: [{ http: { paths: [{ path: '/', pathType: 'Anything', backend: { service: { name: 'app', port: { number: 80 } } } }] } }],
      },
    }
    expect(validateManifest(ingress)).toEqual(['/spec/rules/0/http/paths/0/pathType: must be one of Exact, ImplementationSpecific, Prefix'])
  })

  it('reports non-string label values and Secret data', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', labels: { tier: 3 as unknown as string } },
      stringData: { a: 1 },
    }
    expect(validateManifest(secret)).toEqual(['/metadata/labels/tier: must be string', '/stringData/a: must be string'])
  })

  it('reports every error of a manifest, not only the first', () => {
    expect(
      validateManifest(deployment({ replicas: 1.5, container: { imagePullPolicy: 'x', ports: [{ containerPort: 'http' }] } })),
    ).toEqual([
      '/spec/replicas: must be integer',
      '/spec/replicas: must match format "int32"',
      '/spec/template/spec/containers/0/imagePullPolicy: must be one of Always, IfNotPresent, Never',
      '/spec/template/spec/containers/0/ports/0/containerPort: must be integer',
    ])
  })

  it('requires a DNS-1123 name', () => {
    expect(validateManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } })).toEqual(['/metadata/name: is required'])
    expect(validateManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } })).toEqual([
      '/metadata/name: "Bad_Name" is not a valid DNS-1123 subdomain',
    ])
    expect(validateManifest({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a.b' }, spec: {} })).toEqual([
      '/metadata/name: "a.b" is not a valid DNS-1123 label',
    ])
  })

  it('refuses kinds it has no schema for, including wrong apiVersions', () => {
    expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'no schema for example.com/v1/Widget',
    ])
    expect(validateManifest({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' } })).toEqual([
      'no schema for extensions/v1beta1/Ingress',
    ])
  })
})

describe('validateManifests', () => {
  it('returns [] when every manifest is valid', () => {
    expect(validateManifests(validObjects)).toEqual([])
  })

  it('returns only the invalid manifests, named by kind, namespace and name', () => {
    const result = validateManifests([
      ...validObjects,
      deployment({ replicas: 'x' }),
      { apiVersion: 'v9', kind: 'Thing', metadata: { name: 't' } },
    ])
    expect(result).toEqual([
      { ref: 'Deployment tenant-acme/app', errors: ['/spec/replicas: must be integer'] },
      { ref: 'Thing t', errors: ['no schema for v9/Thing'] },
    ])
  })

  it('names cluster-scoped objects without a namespace', () => {
    expect(manifestRef({ kind: 'Namespace', metadata: { name: 'tenant-acme' } })).toBe('Namespace tenant-acme')
  })
})
