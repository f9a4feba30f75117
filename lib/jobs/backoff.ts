/**
 * Delay before retry number `attempt` (1 = first retry): exponential from `baseMs`, capped, with
 * up to `jitter` (fraction) added at random so that a burst of failures does not retry in lockstep.
 */
export function retryDelay(
  attempt: number,
  options: { baseMs?: number; maxMs?: number; jitter?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 1_000
  const max = options.maxMs ?? 5 * 60_000
  const jitter = options.jitter ?? 0.2
  const random = options.random ?? Math.random
  const nominal = Math.min(max, base * 2 ** Math.max(0, attempt - 1))
  return Math.round(nominal * (1 + jitter * random()))
}
