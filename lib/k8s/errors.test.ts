import { describe, expect, it } from 'vitest'
import { kubeErrorFromException, kubeErrorFromStatus, redactCredentials } from './errors'
import { KubeError } from './port'

const status = (code: number, reason: string, message: string, causes?: { field?: string; message?: string; reason?: string }[]) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  reason,
  message,
  ...(causes ? { details: { causes } } : {}),
})

describe('kubeErrorFromStatus', () => {
  it('maps the HTTP code of the Status', () => {
    expect(kubeErrorFromStatus(404, status(404, 'NotFound', 'configmaps "x" not found'))).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      message: 'configmaps "x" not found',
    })
    expect(
      kubeErrorFromStatus(409, status(409, 'Conflict', 'Apply failed with 1 conflict: conflict with "other" using v1: .data.key')).code,
    ).toBe('CONFLICT')
    expect(kubeErrorFromStatus(401, status(401, 'Unauthorized', 'Unauthorized')).code).toBe('UNAUTHORIZED')
    expect(kubeErrorFromStatus(500, status(500, 'InternalError', 'etcd down')).code).toBe('UNAVAILABLE')
    // What 1.20 answers when server-side apply cannot type the object: the caller's mistake.
    const untypable =
      'failed to create typed patch object: .spec.ports: element 0: associative list with keys has an element ' +
      'that omits key field "protocol" (and doesn\'t have default value)'
    expect(kubeErrorFromStatus(500, status(500, '', untypable))).toMatchObject({ code: 'INVALID', message: untypable })
    expect(kubeErrorFromStatus(503, '').code).toBe('UNAVAILABLE')
    expect(kubeErrorFromStatus(429, status(429, 'TooManyRequests', 'slow down')).code).toBe('UNAVAILABLE')
    expect(kubeErrorFromStatus(400, status(400, 'BadRequest', 'bad patch')).code).toBe('INVALID')
    expect(kubeErrorFromStatus(418, 'teapot')).toMatchObject({ code: 'UNKNOWN', message: 'teapot' })
  })

  it('tells quota and limit-range refusals from missing permissions', () => {
    const quota =
      'services "lb" is forbidden: exceeded quota: tenant-quota, ' +
      'requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0'
    expect(kubeErrorFromStatus(403, status(403, 'Forbidden', quota))).toMatchObject({ code: 'QUOTA', message: quota })
    expect(
      kubeErrorFromStatus(403, status(403, 'Forbidden', 'pods "p" is forbidden: failed quota: tenant-quota: must specify limits.cpu')).code,
    ).toBe('QUOTA')
    expect(
      kubeErrorFromStatus(403, status(403, 'Forbidden', 'pods "p" is forbidden: maximum cpu usage per Container is 500m, but limit is 1'))
        .code,
    ).toBe('QUOTA')
    // The quota exists but its usage is not computed yet: retry, do not fail the workflow.
    expect(
      kubeErrorFromStatus(
        403,
        status(403, 'Forbidden', 'configmaps "c" is forbidden: status unknown for quota: tenant-quota, resource: configmaps'),
      ).code,
    ).toBe('UNAVAILABLE')
    const rbac =
      'namespaces is forbidden: User "system:serviceaccount:t:w" cannot list resource "namespaces" in API group "" at the cluster scope'
    expect(kubeErrorFromStatus(403, status(403, 'Forbidden', rbac))).toMatchObject({ code: 'FORBIDDEN', message: rbac })
  })

  it('names the invalid fields, without repeating what the message already says', () => {
    const error = kubeErrorFromStatus(
      422,
      status(
        422,
        'Invalid',
        'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of…',
        [
          {
            reason: 'FieldValueInvalid',
            field: 'metadata.name',
            message: 'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of…',
          },
        ],
      ),
    )
    expect(error.code).toBe('INVALID')
    expect(error.message).toBe(
      'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of…',
    )
    const terse = kubeErrorFromStatus(
      422,
      status(422, 'Invalid', 'Deployment "app" is invalid', [
        { field: 'spec.replicas', message: 'must be greater than or equal to 0' },
        { field: 'spec.selector', message: 'Required value' },
      ]),
    )
    expect(terse.message).toBe(
      'Deployment "app" is invalid (spec.replicas: must be greater than or equal to 0; spec.selector: Required value)',
    )
  })

  it('reads a raw JSON body and survives a non-JSON one', () => {
    expect(kubeErrorFromStatus(404, JSON.stringify(status(404, 'NotFound', 'gone'))).message).toBe('gone')
    expect(kubeErrorFromStatus(502, '<html>Bad Gateway</html>')).toMatchObject({ code: 'UNAVAILABLE', message: '<html>Bad Gateway</html>' })
    expect(kubeErrorFromStatus(500, undefined).message).toBe('the API server answered 500')
  })
})

describe('kubeErrorFromException', () => {
  it('maps connection failures and timeouts to UNAVAILABLE', () => {
    const refused = Object.assign(
      new Error('request to https://127.0.0.1:6443/version failed, reason: connect ECONNREFUSED 127.0.0.1:6443'),
      { name: 'FetchError', type: 'system' },
    )
    expect(kubeErrorFromException(refused)).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') })
    const aborted = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })
    expect(kubeErrorFromException(aborted, { timeoutMs: 5000 })).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'the API server did not answer within 5000 ms',
    })
  })

  it('keeps KubeErrors and maps watch failures carrying a status code', () => {
    const original = new KubeError('CONFLICT', 'x', 409)
    expect(kubeErrorFromException(original)).toBe(original)
    expect(kubeErrorFromException(Object.assign(new Error('Forbidden'), { statusCode: 403 })).code).toBe('FORBIDDEN')
    expect(kubeErrorFromException(new Error('weird')).code).toBe('UNKNOWN')
  })

  it('never repeats a credential', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlc2lnbmF0dXJl'
    const error = kubeErrorFromException(new Error(`failed with Authorization: Bearer ${jwt} at https://admin:hunter2@host/?token=abc123`))
    expect(error.message).not.toContain(jwt)
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain('abc123')
    expect(redactCredentials(`token ${jwt}`)).toBe('token [redacted-jwt]')
    expect(kubeErrorFromStatus(401, status(401, 'Unauthorized', `bad token Bearer sk-12345`)).message).toBe('bad token Bearer [redacted]')
  })
})
