import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashConcurrency, hashPassword, hashQueue, verifyPassword } from './password'

describe('password hashing', () => {
  it('hashes with argon2id and verifies the same characters however they are encoded', async () => {
    const stored = await hashPassword('Crème-Brûlée-42')
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(stored, 'Cre\u0300me-Bru\u0302le\u0301e-42'.normalize('NFD'))).toBe(true)
    expect(await verifyPassword(stored, 'Creme-Brulee-42')).toBe(false)
    expect(await verifyPassword('not a hash', 'anything')).toBe(false)
  })

  it('runs at most hashConcurrency() at once, so a burst of sign-ins leaves libuv threads for everything else', async () => {
    expect(hashConcurrency()).toBeGreaterThanOrEqual(1)
    const burst = Array.from({ length: hashConcurrency() + 6 }, (_, i) => hashPassword(`burst-password-${i}`))
    expect(hashQueue()).toEqual({ running: hashConcurrency(), waiting: 6 })
    // Async crypto on the same pool (what the session cookie's key derivation uses) is not stuck behind the burst.
    let isBurstDone = false
    const allHashed = Promise.all(burst).then(() => (isBurstDone = true))
    await new Promise((resolve, reject) =>
      crypto.hkdf('sha256', 'secret', '', 'info', 32, (error) => (error ? reject(error) : resolve(null))),
    )
    expect(isBurstDone).toBe(false)
    await allHashed
    expect(hashQueue()).toEqual({ running: 0, waiting: 0 })
  })
})
