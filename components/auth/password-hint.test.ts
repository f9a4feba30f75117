import { describe, expect, it } from 'vitest'
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password-policy'
import { PASSWORD_HINT } from './password-hint'

describe('the password hint', () => {
  it('states the policy’s minimum length', () => {
    expect(PASSWORD_HINT).toContain(`At least ${PASSWORD_MIN_LENGTH} characters`)
  })
})
