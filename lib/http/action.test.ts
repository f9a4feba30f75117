import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../errors/app-error'
import { createLogger } from '../log/logger'
import { defineAction, formDataToObject } from './action'
import { statusOf } from './result'

const ctx = { requestId: 'req-12345678' }

function silentLogger(lines: string[] = []) {
  return createLogger({}, (l) => lines.push(l))
}

const rename = defineAction({
  name: 'org.rename',
  input: z.object({ orgId: z.string().min(1), name: z.string().trim().min(2, 'Name must be at least 2 characters') }),
  authorize: async (input) => {
    if (input.orgId === 'not-mine') throw new AppError('NOT_FOUND', 'Organization not found')
    return { userId: 'u1' }
  },
  run: async (input, actor) => {
    if (input.name === 'explode') throw new Error('database on fire: password=hunter2')
    return { id: input.orgId, name: input.name, by: actor.userId }
  },
})

describe('defineAction', () => {
  it('validates, authorizes and returns the domain result', async () => {
    expect(await rename({ orgId: 'o1', name: '  Acme ' }, ctx, silentLogger())).toEqual({
      ok: true,
      data: { id: 'o1', name: 'Acme', by: 'u1' },
    })
  })

  it('returns field errors as VALIDATION (422) before authorizing', async () => {
    const result = await rename({ orgId: 'not-mine', name: 'x' }, ctx, silentLogger())
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { name: ['Name must be at least 2 characters'] } })
    expect(statusOf(result)).toBe(422)
  })

  it('passes AppErrors through with their code and status', async () => {
    const result = await rename({ orgId: 'not-mine', name: 'Acme' }, ctx, silentLogger())
    expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Organization not found' })
    expect(statusOf(result)).toBe(404)
  })

  it('hides unexpected errors behind a generic message with the request id, and logs them redacted', async () => {
    const lines: string[] = []
    const result = await rename({ orgId: 'o1', name: 'explode' }, ctx, silentLogger(lines))
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL', requestId: ctx.requestId })
    expect(JSON.stringify(result)).not.toContain('database on fire')
    expect(statusOf(result)).toBe(500)
    expect(lines.join('')).toContain('req-12345678')
    expect(lines.join('')).not.toContain('hunter2')
  })

  it('turns FormData into an object, repeated keys into arrays', () => {
    const form = new FormData()
    form.append('name', 'Acme')
    form.append('role', 'admin')
    form.append('role', 'member')
    expect(formDataToObject(form)).toEqual({ name: 'Acme', role: ['admin', 'member'] })
  })
})
