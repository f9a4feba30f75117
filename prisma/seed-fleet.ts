/**
 * A synthetic fleet for demos, browser tests and benchmarks: `size` organizations, each with an
 * owner, a subscription and one tenant, written with one INSERT … SELECT generate_series per
 * table (100,000 tenants in seconds). Idempotent: rows have fixed ids (`fleet-…-<n>`) and
 * conflicts are skipped. States, plans and subscription statuses are spread deterministically,
 * and names come from a small word list, so searches and filters have something to find.
 * Enabled by SEED_FLEET_SIZE (lib/env.ts); never by default.
 */
import type { Db } from '../lib/db'

const WORDS = [
  'Amber',
  'Birch',
  'Cobalt',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Indigo',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Nimbus',
  'Onyx',
  'Pioneer',
  'Quartz',
  'Raven',
  'Summit',
  'Tundra',
]
const KINDS = ['Analytics', 'Labs', 'Systems', 'Health', 'Logistics', 'Media', 'Robotics', 'Foods']

export interface FleetOptions {
  size: number
  baseDomain: string
  now?: Date
  /** First number of the range (to add more rows to an existing fleet). */
  from?: number
}

export async function seedFleet(db: Db, options: FleetOptions): Promise<{ tenants: number }> {
  if (options.size <= 0) return { tenants: 0 }
  const now = (options.now ?? new Date()).toISOString()
  const from = options.from ?? 1
  const to = from + options.size - 1
  const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}]`
  const kinds = `ARRAY[${KINDS.map((w) => `'${w}'`).join(',')}]`
  const n = `lpad(g::text, 6, '0')`
  const series = `generate_series(${Number(from)}, ${Number(to)}) AS g`
  const at = `'${now}'::timestamp`
  // Spread over the last 365 days so "newest first" has meaning.
  const created = `(${at} - make_interval(mins => (g * 7919) % 525600))`
  await db.$executeRawUnsafe(
    `INSERT INTO "User" ("id", "email", "name", "emailVerifiedAt", "createdAt", "updatedAt")
     SELECT 'fleet-user-' || ${n}, 'owner-' || ${n} || '@fleet.test', 'Owner ' || ${n}, ${at}, ${created}, ${at} FROM ${series}
     ON CONFLICT DO NOTHING`,
  )
  await db.$executeRawUnsafe(
    `INSERT INTO "Organization" ("id", "name", "slug", "createdAt", "updatedAt")
     SELECT 'fleet-org-' || ${n}, (${words})[1 + g % 20] || ' ' || (${kinds})[1 + (g / 20) % 8] || ' ' || g,
            'fleet-' || ${n}, ${created}, ${at} FROM ${series}
     ON CONFLICT DO NOTHING`,
  )
  await db.$executeRawUnsafe(
    `INSERT INTO "Membership" ("id", "orgId", "userId", "role", "createdAt", "updatedAt")
     SELECT 'fleet-member-' || ${n}, 'fleet-org-' || ${n}, 'fleet-user-' || ${n}, 'OWNER', ${created}, ${at} FROM ${series}
     ON CONFLICT DO NOTHING`,
  )
  // Plans: demo, free, pro, enterprise in turn. Subscriptions: every 10th trialing (trial ending
  // in 2–15 days, its reminders already sent: a synthetic fleet must not flood the mailbox and
  // the runner with thousands of reminders and expiries, nor when a test moves the billing clock
  // a day), every 25th past due, the rest active.
  const plan = `(ARRAY['demo','free','pro','enterprise'])[1 + g % 4]`
  await db.$executeRawUnsafe(
    `INSERT INTO "Subscription"
       ("id", "orgId", "planId", "status", "trialEndsAt", "trialReminderDays", "pastDueSince", "createdAt", "updatedAt")
     SELECT 'fleet-sub-' || ${n}, 'fleet-org-' || ${n}, ${plan},
            (CASE WHEN g % 10 = 0 THEN 'TRIALING' WHEN g % 25 = 0 THEN 'PAST_DUE' ELSE 'ACTIVE' END)::"SubscriptionStatus",
            CASE WHEN g % 10 = 0 THEN ${at} + make_interval(days => 2 + g % 14) END,
            CASE WHEN g % 10 = 0 THEN 2 END,
            CASE WHEN g % 10 <> 0 AND g % 25 = 0 THEN ${at} - interval '3 days' END,
            ${created}, ${at} FROM ${series}
     ON CONFLICT DO NOTHING`,
  )
  // States: mostly active; 1 in 20 suspended, 1 in 50 failed, 1 in 97 provisioning, counted in
  // groups of four numbers (g / 4) so that every plan has tenants in every state.
  await db.$executeRawUnsafe(
    `INSERT INTO "Tenant" ("id", "orgId", "slug", "namespace", "planId", "state", "url", "createdAt", "updatedAt")
     SELECT 'fleet-tenant-' || ${n}, 'fleet-org-' || ${n}, 'fleet-' || ${n}, 'tenant-fleet-' || ${n}, ${plan},
            (CASE WHEN (g / 4) % 97 = 1 THEN 'PROVISIONING' WHEN (g / 4) % 50 = 1 THEN 'FAILED'
                  WHEN (g / 4) % 20 = 1 THEN 'SUSPENDED' ELSE 'ACTIVE' END)::"TenantState",
            'https://fleet-' || ${n} || '.' || $1, ${created}, ${at} FROM ${series}
     ON CONFLICT DO NOTHING`,
    options.baseDomain,
  )
  return { tenants: options.size }
}
