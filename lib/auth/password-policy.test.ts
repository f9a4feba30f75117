import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import {
  assertPasswordAcceptable,
  checkPassword,
  COMMON_PASSWORD_MIN_LENGTH,
  commonPasswordCount,
  isCommonPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MESSAGES,
  PASSWORD_MIN_LENGTH,
  passwordSchema,
} from './password-policy'

describe('password policy', () => {
  it('ships the common passwords of 4 characters and more (40,000 and more of them)', () => {
    expect(COMMON_PASSWORD_MIN_LENGTH).toBe(4)
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(40_000)
    for (const password of ['love', 'hello', 'monkey', 'dragon', 'iloveyou', 'summer', 'p@ssw0rd'])
      expect(isCommonPassword(password), password).toBe(true)
  })

  it('accepts 12 to 128 characters, long passphrases included', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12)
    expect(checkPassword('vX9#kq2!mT4w')).toEqual([])
    const passphrase64 = 'correct horse battery staple on a windy tuesday afternoon, again'
    expect(passphrase64).toHaveLength(64)
    expect(checkPassword(passphrase64)).toEqual([])
    expect(checkPassword('a'.repeat(PASSWORD_MAX_LENGTH - 8) + 'Zq9!w3e%')).toEqual([])
  })

  it('refuses passwords shorter than 12 or longer than 128 characters', () => {
    expect(checkPassword('')).toEqual([PASSWORD_MESSAGES.required])
    expect(checkPassword('Zq9!w3e')).toEqual([PASSWORD_MESSAGES.tooShort])
    expect(checkPassword('vX9#kq2!mT4')).toEqual([PASSWORD_MESSAGES.tooShort]) // 11 characters, accepted before issue 14
    expect(checkPassword('Zq9!w3e%'.repeat(16) + 'x')).toEqual([PASSWORD_MESSAGES.tooLong])
    expect(PASSWORD_MESSAGES.tooShort).toContain(String(PASSWORD_MIN_LENGTH))
  })

  it('counts characters, not UTF-16 units: 12 emoji are 12 characters', () => {
    expect(checkPassword('🔒🔑🐙🦊🌵🎲🧲🛸🍋🚲🎈🪁')).toEqual([])
    expect(checkPassword('🔒🔑🐙🦊🌵🎲')).toEqual([PASSWORD_MESSAGES.tooShort]) // 12 UTF-16 units, 6 characters
  })

  it('refuses common passwords whatever their case', () => {
    for (const password of ['password', 'PASSWORD', 'Password1', 'iloveyou', 'qwertyuiop', '12345678', 'Football'])
      expect(isCommonPassword(password), password).toBe(true)
    for (const password of ['qwerty123456', 'QWERTY123456', '1qaz2wsx3edc', 'LeaveMeAlone', 'finalfantasy'])
      expect(checkPassword(password), password).toEqual([PASSWORD_MESSAGES.common])
    expect(isCommonPassword('Tenancy-Pr0d-Rollout-Q3')).toBe(false)
  })

  it('refuses a common password with digits, punctuation, symbols or spaces around it (its core)', () => {
    for (const password of [
      'iloveyou1234',
      'Summer2026!!!',
      '!!Summer2026!!',
      'p@ssw0rd2024',
      '2024-Dragon-!!',
      '1234 monkey 5678',
      '#1 Football!!',
    ])
      expect(checkPassword(password), password).toEqual([PASSWORD_MESSAGES.common])
    expect(isCommonPassword('12345678hello')).toBe(true)
  })

  it('refuses one common password (or its core) repeated', () => {
    for (const password of [
      'passwordpassword',
      'DragonDragonDragon',
      'Monkey!Monkey!',
      'summer2026summer2026',
      'abc123abc123',
      '!!loveloveloveLOVE!!',
    ])
      expect(checkPassword(password), password).toEqual([PASSWORD_MESSAGES.common])
  })

  it('never counts a core or repeated part shorter than 4 characters', () => {
    for (const password of ['1234abc!@#$%', '!!xyz-2026-07-19', 'abcabcabcabc', '4f!Qz9#u2Lm&'])
      expect(checkPassword(password), password).toEqual([])
  })

  it('accepts a long random passphrase, and one with a common word inside it', () => {
    for (const password of [
      'glacier-tulip-90-orbit-sequoia',
      'mT4w vX9# kq2! Zr7p',
      'correct horse battery staple',
      '1984 correct horse battery staple!',
      'my password is long enough',
      'Dragon fruit and 12 monkeys',
      'iloveyou-said-the-walrus',
    ])
      expect(checkPassword(password), password).toEqual([])
  })

  it('refuses the email address or its local part, case-insensitively', () => {
    expect(checkPassword('ada.lovelace@example.com', { email: 'Ada.Lovelace@example.com' })).toEqual([PASSWORD_MESSAGES.isEmail])
    expect(checkPassword('ADA.LOVELACE', { email: 'ada.lovelace@example.com' })).toEqual([PASSWORD_MESSAGES.isEmail])
    expect(checkPassword('ada.lovelace!', { email: 'ada.lovelace@example.com' })).toEqual([])
    expect(checkPassword('ada.lovelace', {})).toEqual([])
    // NFC: the same letters, composed in the password and decomposed in the address
    expect(checkPassword('zo\u00eb.lindqvist', { email: 'zoe\u0308.lindqvist@example.com' })).toEqual([PASSWORD_MESSAGES.isEmail])
  })

  it('is a zod schema too', () => {
    expect(passwordSchema.safeParse('Zq9!w3e%-long').success).toBe(true)
    const refused = passwordSchema.safeParse('qwerty123456')
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]?.message).toBe(PASSWORD_MESSAGES.common)
    expect(passwordSchema.safeParse(12345678).error?.issues[0]?.message).toBe(PASSWORD_MESSAGES.required)
  })

  it('assertPasswordAcceptable throws VALIDATION with a field error', () => {
    expect(() => assertPasswordAcceptable('Zq9!w3e%-long')).not.toThrow()
    try {
      assertPasswordAcceptable('Zq9!w3e', { field: 'newPassword' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe('VALIDATION')
      expect((error as AppError).details.fieldErrors).toEqual({ newPassword: [PASSWORD_MESSAGES.tooShort] })
    }
  })
})
