/** Seeds the demo data into the configured database (used by db:seed and start). */
import type { Env } from '../../lib/env'
import { createPrisma } from '../../lib/db'
import { seedDemo, type SeedReport } from '../../prisma/seed'
import { loadDemoLogin, type DemoLogin } from './demo-login'

export async function seedConfiguredDatabase(env: Env, options: { onlyIfEmpty: boolean }): Promise<{ login: DemoLogin; report: SeedReport | null }> {
  const login = loadDemoLogin(env)
  const { client, close } = await createPrisma(env.database)
  try {
    if (options.onlyIfEmpty && (await client.user.count()) > 0) return { login, report: null }
    if (!env.SEED_DEMO) {
      // Production: only the super-admin from ADMIN_EMAIL / ADMIN_PASSWORD, no demo organizations.
      if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) return { login, report: null }
      const { hashPassword } = await import('../../lib/auth/password')
      const email = env.ADMIN_EMAIL.toLowerCase()
      const exists = await client.user.findUnique({ where: { email } })
      if (!exists) await client.user.create({ data: { email, passwordHash: await hashPassword(env.ADMIN_PASSWORD), isSuperAdmin: true, emailVerifiedAt: new Date() } })
      return { login, report: { adminCreated: !exists, organizations: 0, usageSamplesInserted: 0, invoicesInserted: 0 } }
    }
    const report = await seedDemo(client, {
      admin: { email: login.adminEmail, password: login.adminPassword },
      demoPassword: login.demoPassword,
      baseDomain: env.BASE_DOMAIN,
    })
    return { login, report }
  } finally {
    await close()
  }
}
