import { describe, expect, it } from 'vitest'
import { parseManifests, redact, summarize } from './helm'
import { HelmError } from './port'

describe('parseManifests', () => {
  it('parses helm template output: comments, empty documents and all', () => {
    const yaml = [
      '---',
      '# Source: tenant-instance/templates/app-service.yaml',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: app',
      'spec:',
      '  ports:',
      '    - port: 80',
      '---',
      '# Source: tenant-instance/templates/empty.yaml',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: c',
      '  creationTimestamp: 2024-01-01T00:00:00Z',
      'data:',
      '  mode: 0440',
      '  flag: "yes"',
      '',
    ].join('\n')
    expect(parseManifests(yaml)).toEqual([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app' }, spec: { ports: [{ port: 80 }] } },
      // Timestamps stay strings (as the API server reads them), not Dates.
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', creationTimestamp: '2024-01-01T00:00:00Z' },
        data: { mode: 440, flag: 'yes' },
      },
    ])
  })

  it('flattens a List into its items', () => {
    const yaml = 'apiVersion: v1\nkind: List\nmetadata: {}\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: s}\n'
    expect(parseManifests(yaml)).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }])
  })

  it('returns [] for a chart that renders nothing', () => {
    expect(parseManifests('---\n# Source: x\n')).toEqual([])
  })

  it('refuses documents that are not Kubernetes objects', () => {
    expect(() => parseManifests('- a\n- b\n')).toThrow(HelmError)
    expect(() => parseManifests('kind: Service\nmetadata: {name: a}\n')).toThrow('without apiVersion, kind or metadata')
  })
})

describe('redact', () => {
  const values = {
    license: { token: 'lic-0123456789' },
    credentials: { secretName: 'instance-credentials', databasePassword: 'hunter22' },
    app: { env: { API_KEY: 'k-123456', PLAIN: 'visible' } },
    list: [{ accessToken: 'tok-abcdef' }],
  }

  it('removes every secret-named value from values, wherever helm echoes it', () => {
    const text = 'Error: bad lic-0123456789 and hunter22, key k-123456, tok-abcdef, visible, instance-credentials'
    expect(redact(text, values)).toBe('Error: bad [redacted] and [redacted], key [redacted], [redacted], visible, instance-credentials')
  })

  it('removes anything shaped like a JWT even when it is not in the values', () => {
    expect(redact('token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0In0.c2ln here')).toBe('token [redacted] here')
  })

  it('leaves text without secrets alone', () => {
    expect(redact('Error: path "/x" not found', values)).toBe('Error: path "/x" not found')
  })
})

describe('summarize', () => {
  it('takes the Error line without its prefix, skipping warnings', () => {
    expect(summarize('WARNING: Kubernetes configuration file is group-readable.\nError: path "/nope" not found\n')).toBe(
      'path "/nope" not found',
    )
  })

  it('joins the detail lines of an error that ends with a colon', () => {
    const stderr =
      "Error: values don't meet the specifications of the schema(s) in the following chart(s):\n" +
      'tenant-instance:\n- app.replicas: Invalid type. Expected: integer, given: string\n'
    expect(summarize(stderr)).toBe(
      "values don't meet the specifications of the schema(s) in the following chart(s): " +
        'tenant-instance: - app.replicas: Invalid type. Expected: integer, given: string',
    )
  })

  it('falls back to the first line and keeps messages short', () => {
    expect(summarize('panic: something\nstack')).toBe('panic: something')
    expect(summarize(`Error: ${'x'.repeat(1000)}`)).toHaveLength(300)
    expect(summarize('')).toBe('')
  })
})
