// Sessions through the glue, as a browser meets them: one unused for SESSION_IDLE_MINUTES is signed
// out (and its row gone) at its next request; one in use keeps going. A super-admin's second factor
// counts for MFA_MAX_AGE_HOURS: older, the console refuses its actions until /mfa is passed again.
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { setReadOnlyAction } from '@/app/_actions/admin/set-read-only'
import { signOutEverywhereAction } from './sign-out-everywhere'

const database = useTestDatabase()
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

async function newUser(email: string, data: { isSuperAdmin?: boolean } = {}) {
  return (await database.db.user.create({ data: { email, emailVerifiedAt: new Date(), ...data } })).id
}

describe('session timeouts at the glue', () => {
  it('signs out a session unused for 30 minutes and deletes it; a session in use stays', async () => {
    const userId = await newUser('idle@timeouts.test')
    const [idle, active] = [await signedInClient(userId), await signedInClient(userId)]
    const [idleRow, activeRow] = await database.db.session.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })
    await database.db.session.update({ where: { id: idleRow!.id }, data: { lastSeenAt: minutesAgo(31) } })
    await database.db.session.update({ where: { id: activeRow!.id }, data: { lastSeenAt: minutesAgo(29) } })

    expect((await idle.act(signOutEverywhereAction)).result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    expect(await database.db.session.findUnique({ where: { id: idleRow!.id } })).toBeNull()
    // The other one was used 29 minutes ago: still signed in (sign out everywhere then ends it).
    expect((await active.act(signOutEverywhereAction)).redirect).toBe('/signin')
  })

  it('asks a super-admin for the second factor again 12 hours after it was passed', async () => {
    const adminId = await newUser('root@timeouts.test', { isSuperAdmin: true })
    const admin = await signedInClient(adminId, { mfa: true })
    // Authorized (the missing fields are what is refused), while the second factor is fresh.
    expect((await admin.act(setReadOnlyAction)).result).toMatchObject({ ok: false, code: 'VALIDATION' })
    await database.db.session.updateMany({ where: { userId: adminId }, data: { mfaAt: minutesAgo(12 * 60 + 1) } })
    expect((await admin.act(setReadOnlyAction)).result).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})
