import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { createSuperAdmin } from './create-super-admin'
import { verifyPassword } from './password'
import { PASSWORD_MESSAGES } from './password-policy'

const database = useTestDatabase()

describe('createSuperAdmin', () => {
  it('creates a verified super-admin with the password', async () => {
    const { userId, created } = await createSuperAdmin({ email: ' Root@Example.com ', password: 'Operator-Chosen-Password-1' })
    expect(created).toBe(true)
    const user = await database.db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user).toMatchObject({ email: 'root@example.com', isSuperAdmin: true })
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    expect(await verifyPassword(user.passwordHash!, 'Operator-Chosen-Password-1')).toBe(true)
    expect(await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.super_admin.created', targetId: userId } })).toMatchObject({
      actorType: 'SYSTEM',
    })
  })

  it('promotes an existing user and sets the password', async () => {
    const existing = await database.db.user.create({ data: { email: 'member@example.com', name: 'Member' } })
    const { userId, created } = await createSuperAdmin({ email: 'member@example.com', password: 'Operator-Chosen-Password-2' })
    expect({ userId, created }).toEqual({ userId: existing.id, created: false })
    const user = await database.db.user.findUniqueOrThrow({ where: { id: existing.id } })
    expect(user).toMatchObject({ isSuperAdmin: true, name: 'Member' })
    expect(await verifyPassword(user.passwordHash!, 'Operator-Chosen-Password-2')).toBe(true)
    expect(await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.super_admin.promoted', targetId: userId } })).toMatchObject(
      {
        before: { isSuperAdmin: false },
      },
    )
    // Running it again is harmless.
    expect(await createSuperAdmin({ email: 'member@example.com', password: 'Operator-Chosen-Password-2' })).toEqual({
      userId,
      created: false,
    })
  })

  it('applies the password policy and the email rules', async () => {
    const weak = await createSuperAdmin({ email: 'weak@example.com', password: 'qwerty123456' }).catch((e: unknown) => e)
    expect(weak).toBeInstanceOf(AppError)
    expect((weak as AppError).details.fieldErrors).toEqual({ password: [PASSWORD_MESSAGES.common] })
    const bad = await createSuperAdmin({ email: 'not-an-email', password: 'Operator-Chosen-Password-3' }).catch((e: unknown) => e)
    expect((bad as AppError).details.fieldErrors).toHaveProperty('email')
    expect(await database.db.user.count({ where: { email: { in: ['weak@example.com', 'not-an-email'] } } })).toBe(0)
  })
})
