// Client helpers: send JSON to one of our routes and read the typed Result back.
export type ApiResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]> }

export async function requestJson<T>(url: string, options: { method: 'POST' | 'PATCH' | 'DELETE'; body?: unknown }): Promise<ApiResult<T>> {
  try {
    const response = await fetch(url, {
      method: options.method,
      headers: options.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
    const result = (await response.json()) as ApiResult<T>
    if (!result.ok && response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '60')
      return {
        ...result,
        message: `Too many attempts. Try again in ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
      }
    }
    return result
  } catch {
    return { ok: false, code: 'NETWORK', message: 'Could not reach the server. Check your connection and try again.' }
  }
}

export function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  return requestJson<T>(url, { method: 'POST', body })
}
