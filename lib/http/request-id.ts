export const REQUEST_ID_HEADER = 'x-request-id'

/** Keeps a caller's id when it is sane (a proxy's), otherwise makes one. Works in every runtime. */
export function requestIdFrom(headers: { get(name: string): string | null }): string {
  const incoming = headers.get(REQUEST_ID_HEADER)
  return incoming && /^[\w.:-]{8,128}$/.test(incoming) ? incoming : globalThis.crypto.randomUUID()
}
