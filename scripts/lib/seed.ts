/** Seeds the configured database (used by db:seed and start). */
import type { Env } from '../../lib/env'
import type { Db } from '../../lib/db'
import { hashPassword } from '../../lib/auth/password'
import { seedDemo, type SeedReport } from '../../prisma/seed'
import { seedFleet } from '../../prisma/seed-fleet'
import type { DemoLogin } from './demo-login'

/**
 * The super-admin named by ADMIN_EMAIL / ADMIN_PASSWORD, created when missing (an existing
 * account is never changed: its password may have been rotated since).
 */
export async function ensureAdminFromEnv(db: Db, env: Env): Promise<boolean> {
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) return false
  const email = env.ADMIN_EMAIL.toLowerCase()
  if (await db.user.findUnique({ where: { email } })) return false
  await db.user.create({
    data: {
      email,
      name: 'Super Admin',
      passwordHash: await hashPassword(env.ADMIN_PASSWORD),
      isSuperAdmin: true,
      emailVerifiedAt: new Date(),
    },
  })
  return true
}

export async function seed(db: Db, env: Env, login: DemoLogin, options: { onlyIfEmpty: boolean }): Promise<SeedReport | null> {
  const adminCreated = await ensureAdminFromEnv(db, env)
  if (!env.SEED_DEMO) return { adminCreated, organizations: 0, usageSamplesInserted: 0, invoicesInserted: 0 }
  if (options.onlyIfEmpty && (await db.organization.count()) > 0) return null
  const report = await seedDemo(db, {
    admin: { email: login.adminEmail, password: login.adminPassword },
    demoPassword: login.demoPassword,
    baseDomain: env.BASE_DOMAIN,
  })
  // A synthetic fleet when SEED_FLEET_SIZE asks for one (demos, browser tests of the admin console).
  if (env.SEED_FLEET_SIZE > 0)
    report.organizations += (await seedFleet(db, { size: env.SEED_FLEET_SIZE, baseDomain: env.BASE_DOMAIN })).tenants
  return report
}
