// The mapping from errors to the Result the glue returns (app/_server/action.ts and route.ts).
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../errors/app-error'
import { createLogger } from '../log/logger'
import { failure, fieldErrorsOf, statusOf } from './result'

const requestId = 'req-12345678'

function logger(lines: string[] = []) {
  return createLogger({}, (l) => lines.push(l))
}

describe('failure', () => {
  it('returns zod field errors as VALIDATION (422)', () => {
    const parsed = z.object({ name: z.string().trim().min(2, 'Name must be at least 2 characters') }).safeParse({ name: 'x' })
    expect(parsed.success).toBe(false)
    expect(fieldErrorsOf(parsed.error!)).toEqual({ name: ['Name must be at least 2 characters'] })
    const result = failure(parsed.error, logger(), requestId)
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { name: ['Name must be at least 2 characters'] } })
    expect(statusOf(result)).toBe(422)
  })

  it('passes AppErrors through with their code and status', () => {
    const result = failure(new AppError('NOT_FOUND', 'Organization not found'), logger(), requestId)
    expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Organization not found' })
    expect(statusOf(result)).toBe(404)
  })

  it('hides unexpected errors behind a generic message with the request id, and logs them redacted', () => {
    const lines: string[] = []
    const result = failure(new Error('database on fire: password=hunter2'), logger(lines), requestId)
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL', requestId })
    expect(JSON.stringify(result)).not.toContain('database on fire')
    expect(statusOf(result)).toBe(500)
    expect(lines.join('')).toContain('req-12345678')
    expect(lines.join('')).not.toContain('hunter2')
  })
})

describe('statusOf', () => {
  it('is 200 for a success', () => {
    expect(statusOf({ ok: true, data: { id: 'o1' } })).toBe(200)
  })
})
