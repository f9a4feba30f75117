import { describe, expect, it } from 'vitest'
import { reminderDue } from './sweep-subscriptions'

const DAY = 86_400_000
const start = new Date('2026-03-01T00:00:00Z')
const at = (days: number) => new Date(start.getTime() + days * DAY)

describe('trial reminders', () => {
  it('a 14-day trial gets the 7-day reminder, then the 2-day one, each once', () => {
    const trialEndsAt = at(14)
    expect(reminderDue({ trialEndsAt, trialStartedAt: start, lastSentDays: null, at: at(6) })).toBeNull()
    expect(reminderDue({ trialEndsAt, trialStartedAt: start, lastSentDays: null, at: at(7) })).toBe(7)
    expect(reminderDue({ trialEndsAt, trialStartedAt: start, lastSentDays: 7, at: at(8) })).toBeNull()
    expect(reminderDue({ trialEndsAt, trialStartedAt: start, lastSentDays: 7, at: at(12) })).toBe(2)
    expect(reminderDue({ trialEndsAt, trialStartedAt: start, lastSentDays: 2, at: at(13) })).toBeNull()
    expect(reminderDue({ trialEndsAt, trialStartedAt: start, lastSentDays: 2, at: at(14) })).toBeNull()
  })

  it('a worker that was down sends only the latest reminder due, not both', () => {
    expect(reminderDue({ trialEndsAt: at(14), trialStartedAt: start, lastSentDays: null, at: at(12.5) })).toBe(2)
  })

  it('the 7-day demo gets only the 2-day reminder (it began inside the 7-day window)', () => {
    expect(reminderDue({ trialEndsAt: at(7), trialStartedAt: start, lastSentDays: null, at: at(0.5) })).toBeNull()
    expect(reminderDue({ trialEndsAt: at(7), trialStartedAt: start, lastSentDays: null, at: at(5) })).toBe(2)
  })
})
