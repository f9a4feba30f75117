import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { emailSchema, nameSchema, parseInput } from './input'
import { z } from 'zod'

describe('emailSchema', () => {
  it('trims and lower-cases', () => {
    expect(emailSchema.parse('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com')
  })

  it.each([
    ['missing @', 'ada.example.com'],
    ['space inside', 'ada lovelace@example.com'],
    ['unicode', 'adä@example.com'],
    ['no domain dot', 'ada@localhost'],
    ['overlong', `${'a'.repeat(64)}@${'b'.repeat(190)}.com`],
    ['local part over 64', `${'a'.repeat(65)}@example.com`],
    ['empty', '   '],
  ])('refuses %s', (_what, email) => {
    expect(emailSchema.safeParse(email).success).toBe(false)
  })
})

describe('nameSchema', () => {
  it('trims, and treats empty or missing as none', () => {
    expect(nameSchema.parse('  Ada Lovelace ')).toBe('Ada Lovelace')
    expect(nameSchema.parse('   ')).toBeUndefined()
    expect(nameSchema.parse(undefined)).toBeUndefined()
    expect(nameSchema.parse(null)).toBeUndefined()
    expect(nameSchema.parse('Zoë 👩‍🔬 O’Brien')).toBe('Zoë 👩‍🔬 O’Brien')
  })

  it.each([
    ['a newline', 'Ada\nLovelace'],
    ['a tab', 'Ada\tLovelace'],
    ['NUL', 'Ada\u0000'],
    ['a right-to-left override', 'Ada\u202Egpj.exe'],
    ['a left-to-right mark', 'Ada\u200E'],
    ['a right-to-left mark', 'Ada\u200F'],
    ['an Arabic letter mark', 'Ada\u061C'],
    ['101 characters', 'a'.repeat(101)],
  ])('refuses %s', (_what, name) => {
    expect(nameSchema.safeParse(name).success).toBe(false)
  })
})

describe('parseInput', () => {
  it('throws VALIDATION with messages per field', () => {
    const schema = z.object({ email: emailSchema, name: nameSchema })
    try {
      parseInput(schema, { email: 'nope', name: 'a\nb' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).details.fieldErrors).toEqual({
        email: ['Enter a valid email address, like name@example.com.'],
        name: ['Your name cannot contain line breaks, tabs, direction marks or other control characters.'],
      })
    }
  })
})
