/**
 * Structured JSON logs on stdout, one object per line. Keys that look like secrets are redacted
 * before anything is written, so a careless `log.info('x', { password })` cannot leak.
 */
import { getEnv } from '../env'

type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|private|credential|signature|totp|dsn|database_?url|smtp_?url/i

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]'
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactString(value.message),
      stack: value.stack && redactString(value.stack.split('\n').slice(0, 6).join('\n')),
    }
  }
  if (typeof value === 'string') return redactString(value)
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1)
    return out
  }
  return value
}

/** Credentials in free text: URLs (postgres://user:pass@host), bearer tokens, `password=…` pairs. */
function redactString(text: string): string {
  return text
    .replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, '$1[redacted]@')
    .replace(/(bearer\s+)[\w.~+/=-]+/gi, '$1[redacted]')
    .replace(/\b(pass(?:word)?|secret|token|api[-_]?key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)/gi, '$1$2[redacted]')
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  child(fields: Record<string, unknown>): Logger
}

function levelThreshold(): number {
  try {
    return ORDER[getEnv().LOG_LEVEL]
  } catch {
    return ORDER.info
  }
}

export function createLogger(
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Logger {
  const emit = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < levelThreshold()) return
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        message: redactString(message),
        ...(redact({ ...base, ...fields }) as object),
      }),
    )
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, write),
  }
}

export const log = createLogger()

/** A logger that writes nothing (tests and benchmarks that check behaviour, not output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger }
