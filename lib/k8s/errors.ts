/**
 * Turns what the API server (or the network) answered into a KubeError. The API server explains
 * every refusal with a `Status` object; its HTTP code and message decide our code. Messages keep
 * the server's explanation (field causes included) and never carry credentials.
 */
import { KubeError, type KubeErrorCode } from './port'

interface StatusCause {
  field?: string
  message?: string
  reason?: string
}

interface Status {
  kind?: string
  message?: string
  reason?: string
  code?: number
  details?: { name?: string; kind?: string; causes?: StatusCause[] }
}

// ResourceQuota admission ("exceeded quota", "failed quota: must specify limits.cpu") and
// LimitRange admission ("maximum cpu usage per Container is 2, but limit is 4"): the plan's
// limits, not a missing permission.
const QUOTA_PATTERNS = [
  /exceeded quota/i,
  /failed quota/i,
  /(maximum|minimum) [\w.-]+ usage per (Container|Pod|PersistentVolumeClaim)/i,
  /storage request ratio/i,
]

/** Bearer tokens, basic credentials and token-like query parameters, wherever they appear. */
export function redactCredentials(text: string): string {
  return text
    .replace(/(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
    .replace(/([?&](?:access_token|token)=)[^&\s"']+/gi, '$1[redacted]')
    .replace(/(\/\/)[^/@\s:]+:[^/@\s]+@/g, '$1[redacted]@')
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]')
}

function asStatus(body: unknown): Status | undefined {
  if (typeof body === 'string') {
    try {
      return asStatus(JSON.parse(body))
    } catch {
      return body.trim() === '' ? undefined : { message: body.trim().slice(0, 500) }
    }
  }
  if (body !== null && typeof body === 'object') return body as Status
  return undefined
}

// A quota whose usage the controller-manager has not computed yet (right after it is created):
// quota admission refuses everything it covers until then. Worth a retry, not a failure.
const QUOTA_PENDING = /status unknown for quota/i

// Server-side apply of an object its schema cannot type (on 1.20, a Service or container port
// without `protocol`, a key of those lists) is answered 500, but retrying cannot help.
const UNTYPABLE_APPLY = /failed to create typed patch object/i

function codeFor(httpStatus: number, message: string): KubeErrorCode {
  if (httpStatus === 404) return 'NOT_FOUND'
  if (httpStatus === 500 && UNTYPABLE_APPLY.test(message)) return 'INVALID'
  if (httpStatus === 403 && QUOTA_PENDING.test(message)) return 'UNAVAILABLE'
  if (httpStatus === 409) return 'CONFLICT'
  if (httpStatus === 422 || httpStatus === 400) return 'INVALID'
  if (httpStatus === 401) return 'UNAUTHORIZED'
  if (httpStatus === 403) return QUOTA_PATTERNS.some((p) => p.test(message)) ? 'QUOTA' : 'FORBIDDEN'
  if (httpStatus === 429 || httpStatus >= 500) return 'UNAVAILABLE'
  return 'UNKNOWN'
}

/** The KubeError for an HTTP answer outside 2xx; `body` is the raw body or the parsed Status. */
export function kubeErrorFromStatus(httpStatus: number, body: unknown): KubeError {
  const status = asStatus(body)
  let message = status?.message?.trim() || `the API server answered ${httpStatus}${status?.reason ? ` (${status.reason})` : ''}`
  const causes = (status?.details?.causes ?? []).filter((c) => c.message || c.field)
  const missing = causes
    .map((c) => (c.field ? `${c.field}: ${c.message ?? c.reason ?? 'invalid'}` : (c.message ?? '')))
    .filter((text) => !message.includes(text))
  if (missing.length > 0) message += ` (${missing.join('; ')})`
  return new KubeError(codeFor(httpStatus, message), redactCredentials(message), httpStatus)
}

/** Network failures, timeouts and anything else thrown on the way to the API server. */
export function kubeErrorFromException(error: unknown, context?: { timeoutMs?: number }): KubeError {
  if (error instanceof KubeError) return error
  const err = error as { name?: string; message?: string; code?: string; statusCode?: number; type?: string }
  if (typeof err?.statusCode === 'number') return kubeErrorFromStatus(err.statusCode, err.message)
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError' || err?.type === 'aborted') {
    return new KubeError(
      'UNAVAILABLE',
      context?.timeoutMs ? `the API server did not answer within ${context.timeoutMs} ms` : 'the request to the API server was aborted',
    )
  }
  const message = redactCredentials(err?.message ?? String(error))
  if (
    err?.name === 'FetchError' ||
    err?.type === 'system' ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up|certificate|self[- ]signed/i.test(message)
  ) {
    return new KubeError('UNAVAILABLE', `the API server is unreachable: ${message}`)
  }
  return new KubeError('UNKNOWN', message)
}
