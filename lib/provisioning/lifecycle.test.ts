import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { assertAllowed, decide, decisionsFor, isAllowed, statesAllowing, type TenantAction } from './lifecycle'

const STATES = ['PENDING', 'PROVISIONING', 'ACTIVE', 'UPDATING', 'SUSPENDED', 'FAILED', 'DEPROVISIONING', 'DEPROVISIONED'] as const

// The whole table, written out: a change to any rule changes a row here.
const ALLOWED: Record<TenantAction, readonly (typeof STATES)[number][]> = {
  suspend: ['ACTIVE', 'UPDATING', 'FAILED'],
  resume: ['SUSPENDED'],
  'change-plan': ['ACTIVE', 'SUSPENDED'],
  retry: ['FAILED'],
  deprovision: ['ACTIVE', 'UPDATING', 'SUSPENDED', 'FAILED'],
  'change-domain': ['ACTIVE', 'SUSPENDED'],
  'reveal-credentials': ['ACTIVE'],
  'billing-suspend': ['PROVISIONING', 'ACTIVE', 'UPDATING', 'FAILED'],
  'billing-resume': ['SUSPENDED'],
  'billing-change-plan': ['PROVISIONING', 'ACTIVE', 'UPDATING', 'SUSPENDED', 'FAILED'],
}

describe('tenant lifecycle', () => {
  for (const [action, allowed] of Object.entries(ALLOWED) as [TenantAction, readonly string[]][]) {
    it(`${action}: allowed in ${allowed.join(', ')} and refused with a reason elsewhere`, () => {
      for (const state of STATES) {
        const decision = decide(action, state)
        expect(decision.allowed, `${action} in ${state}`).toBe(allowed.includes(state))
        expect(isAllowed(action, state)).toBe(decision.allowed)
        if (!decision.allowed) expect(decision.reason).toMatch(new RegExp(`^The instance is ${state.toLowerCase()}; `))
      }
      expect(statesAllowing(action).sort()).toEqual([...allowed].sort())
    })
  }

  it('keeps the messages the console and the settings page have always shown', () => {
    expect(decide('suspend', 'SUSPENDED')).toEqual({
      allowed: false,
      reason: 'The instance is suspended; only a running (or failed) instance can be suspended',
    })
    expect(decide('resume', 'ACTIVE')).toEqual({
      allowed: false,
      reason: 'The instance is active; only a suspended instance can be resumed',
    })
    expect(decide('retry', 'ACTIVE')).toEqual({ allowed: false, reason: 'The instance is active; only a failed instance can be retried' })
    expect(decide('change-domain', 'FAILED')).toEqual({
      allowed: false,
      reason: 'The instance is failed; change the domain once it is ready',
    })
  })

  it('assertAllowed throws CONFLICT with the reason; decisionsFor gives a page every decision at once', () => {
    expect(() => assertAllowed('resume', 'ACTIVE')).toThrow(AppError)
    let caught: unknown
    try {
      assertAllowed('deprovision', 'PENDING')
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'CONFLICT', message: 'The instance is pending; it cannot be deprovisioned now' })
    expect(() => assertAllowed('resume', 'SUSPENDED')).not.toThrow()
    const decisions = decisionsFor('SUSPENDED', ['suspend', 'resume'] as const)
    expect(decisions.resume).toEqual({ allowed: true })
    expect(decisions.suspend.allowed).toBe(false)
  })
})
