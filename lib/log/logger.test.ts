import { describe, expect, it } from 'vitest'
import { createLogger, redact } from './logger'

describe('logger', () => {
  it('writes one JSON object per line with level, message and fields', () => {
    const lines: string[] = []
    createLogger({ component: 'test' }, (l) => lines.push(l)).info('hello', { tenant: 'acme' })
    const entry = JSON.parse(lines[0]!)
    expect(entry).toMatchObject({ level: 'info', message: 'hello', component: 'test', tenant: 'acme' })
    expect(typeof entry.time).toBe('string')
  })

  it('redacts secret-looking keys, URL credentials and bearer tokens', () => {
    const lines: string[] = []
    const log = createLogger({}, (l) => lines.push(l))
    log.error('connect to postgres://app:s3cr3t@db:5432/x failed', {
      password: 'hunter2',
      nested: { stripeSecretKey: 'sk_live_1', authorization: 'Bearer abc.def' },
      note: 'header was Bearer tok_123',
    })
    const text = lines.join('\n')
    for (const secret of ['s3cr3t', 'hunter2', 'sk_live_1', 'abc.def', 'tok_123']) expect(text).not.toContain(secret)
    expect(text).toContain('postgres://app:[redacted]@db:5432/x')
  })

  it('keeps errors readable', () => {
    expect(redact(new Error('boom'))).toMatchObject({ name: 'Error', message: 'boom' })
  })
})
