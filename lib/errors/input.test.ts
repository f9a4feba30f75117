import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from './app-error'
import {
  CONTROL_CHARACTER_MESSAGE,
  fieldError,
  nulFieldErrors,
  NUL_FIELD_NAME_MESSAGE,
  NUL_MESSAGE,
  parseInput,
  rejectNulInPath,
  rejectNulInQuery,
  textField,
} from './input'

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

describe('text the database cannot hold, or a single-line field should not carry', () => {
  const field = () => z.object({ name: textField('Enter a name.', 50) })

  it('textField refuses a NUL and the control characters but the tab, with a message naming what to remove', () => {
    const refused = (value: string) => {
      try {
        parseInput(field(), { name: value })
        return []
      } catch (error) {
        return (error as AppError).details.fieldErrors?.name ?? []
      }
    }
    expect(refused('Ann\u0000')).toEqual([NUL_MESSAGE])
    for (const c of ['\n', '\r', '\u0001', '\u0007', '\u001b', '\u001a', '\u007f'])
      expect(refused(`Ann${c}Lee`), JSON.stringify(c)).toEqual([CONTROL_CHARACTER_MESSAGE])
    expect(refused('Ann\tLee')).toEqual([]) // a pasted tab is kept
    expect(refused('Ann Lee ✓')).toEqual([])
    expect(refused('x'.repeat(51))).toEqual(['Enter at most 50 characters.'])
    // it stays a string schema: the call sites chain trim, min and optional
    expect(textField('Enter it.', 10).trim().min(1).optional().parse(' a ')).toBe('a')
  })

  it('nulFieldErrors names each field holding a NUL: nested by path, a field sent twice as itself, a name with one on _form', () => {
    expect(nulFieldErrors({ a: 'ok', b: 'x\u0000', c: ['ok', 'y\u0000'], d: { e: [{ f: '\u0000' }] }, n: 1 })).toEqual({
      b: [NUL_MESSAGE],
      c: [NUL_MESSAGE],
      'd.e.0.f': [NUL_MESSAGE],
    })
    expect(nulFieldErrors({ 'a\u0000': 'x' })).toEqual({ _form: [NUL_FIELD_NAME_MESSAGE] })
    expect(nulFieldErrors({ a: 'no NUL here', b: ['x'], c: null })).toEqual({})
  })

  it('a NUL in a URL: 404 in its path, 422 naming the query parameter', () => {
    expect(() => rejectNulInPath('http://x.test/api/orgs/a%00b/provisioning')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(() => rejectNulInPath('http://x.test/api/orgs/%E0%A4%A/x')).not.toThrow() // malformed, but no NUL
    expect(() => rejectNulInPath('http://x.test/api/orgs/acme/x?q=%00')).not.toThrow()
    expect(() => rejectNulInQuery('http://x.test/x?q=ok&action=a%00&action=b')).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { fieldErrors: { action: [NUL_MESSAGE] } } }),
    )
    expect(() => rejectNulInQuery('http://x.test/x?q=ok%20too')).not.toThrow()
  })
})
