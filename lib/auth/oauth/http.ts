// HTTP to the providers' token and profile endpoints: timeouts, status and JSON checks.
import { OAuthProviderError } from './provider'

/** Form-encoded POST to a token endpoint, JSON back; `{ error }` answers (GitHub sends them with 200) become OAuthProviderError. */
export async function requestAccessToken(url: string, form: Record<string, string>): Promise<string> {
  const body = await fetchJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  })
  const token = (body as { access_token?: unknown }).access_token
  if (typeof token !== 'string' || !token) {
    const error = (body as { error?: unknown }).error
    throw new OAuthProviderError(`token endpoint refused the code${typeof error === 'string' ? `: ${error}` : ''}`)
  }
  return token
}

/** GET or POST with a timeout; a non-2xx answer or a body that is not JSON is an OAuthProviderError. */
export async function fetchJson(url: string, init: RequestInit & { headers?: Record<string, string> }): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000), redirect: 'error' })
  } catch (error) {
    throw new OAuthProviderError(`${new URL(url).host} unreachable: ${error instanceof Error ? error.message : String(error)}`)
  }
  const text = await response.text()
  if (!response.ok) throw new OAuthProviderError(`${new URL(url).host}${new URL(url).pathname} answered ${response.status}`)
  try {
    return JSON.parse(text)
  } catch {
    throw new OAuthProviderError(`${new URL(url).host}${new URL(url).pathname} did not answer JSON`)
  }
}
