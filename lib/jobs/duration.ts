/** Durations as Inngest writes them: a number of milliseconds, or "500ms", "30s", "5m", "2h", "7d", "1w". */
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

export type Duration = number | string

export function toMilliseconds(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) throw new Error(`Invalid duration: ${duration}`)
    return duration
  }
  let total = 0
  let rest = duration.trim()
  if (!rest) throw new Error('Invalid duration: empty')
  while (rest) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/.exec(rest)
    if (!match) throw new Error(`Invalid duration: "${duration}" (use e.g. 30s, 5m, 2h, 7d)`)
    total += Number(match[1]) * UNITS[match[2]!]!
    rest = rest.slice(match[0].length)
  }
  return total
}
