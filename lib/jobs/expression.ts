/**
 * The small part of Inngest's expressions the embedded runner evaluates: a dotted path into the
 * event, like "event.data.tenantId" (keys) or "data.tenantId" (cancelOn match). Inngest receives
 * the same strings and evaluates them as CEL.
 */
export function readPath(root: unknown, path: string): unknown {
  let value: unknown = root
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

/** Evaluates `event.…` to a string key, or null when it resolves to nothing. */
export function evaluateKey(expression: string, event: { data: unknown; id?: string; name?: string }): string | null {
  if (!/^event(\.[A-Za-z_][\w]*)+$/.test(expression))
    throw new Error(`Unsupported key expression "${expression}": use a path like event.data.tenantId`)
  const value = readPath({ event }, expression)
  if (value === undefined || value === null || value === '') return null
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** "data.tenantId" → the Postgres JSON path of event data ("{tenantId}") for cancellation queries. */
export function matchToJsonPath(match: string): string[] {
  if (!/^data(\.[A-Za-z_][\w]*)+$/.test(match)) throw new Error(`Unsupported cancelOn match "${match}": use a path like data.tenantId`)
  return match.split('.').slice(1)
}
