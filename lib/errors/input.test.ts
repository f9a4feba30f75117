import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from './app-error'
import { fieldError, parseInput } from './input'

describe('parseInput', () => {
  const schema = z.object({ name: z.string().min(2, 'At least 2 characters'), nested: z.object({ n: z.number({ message: 'A number' }) }) })

  it('returns the parsed data', () => {
    expect(parseInput(schema, { name: 'ok', nested: { n: 1 } })).toEqual({ name: 'ok', nested: { n: 1 } })
  })

  it('throws VALIDATION with field errors keyed by path', () => {
    let error: unknown
    try {
      parseInput(schema, { name: 'x', nested: {} })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({
      code: 'VALIDATION',
      status: 422,
      details: { fieldErrors: { name: ['At least 2 characters'], 'nested.n': ['A number'] } },
    })
  })

  it('puts errors of the whole input under _form', () => {
    expect(() => parseInput(schema, 'nope')).toThrow(expect.objectContaining({ details: { fieldErrors: { _form: [expect.any(String)] } } }))
  })
})

describe('fieldError', () => {
  it('names one field and uses its message', () => {
    expect(fieldError('slug', 'Taken')).toMatchObject({
      code: 'VALIDATION',
      message: 'Taken',
      details: { fieldErrors: { slug: ['Taken'] } },
    })
  })
})
