/** Headline numbers for the admin home: organizations, and tenants by state. */
import { db } from '../db'

export async function fleetCounts(): Promise<{ label: string; value: number }[]> {
  const [organizations, byState] = await Promise.all([db.organization.count(), db.tenant.groupBy({ by: ['state'], _count: { _all: true } })])
  const count = (...states: string[]) => byState.filter((s) => states.includes(s.state)).reduce((n, s) => n + s._count._all, 0)
  return [
    { label: 'Organizations', value: organizations },
    { label: 'Active instances', value: count('ACTIVE', 'UPDATING') },
    { label: 'Suspended', value: count('SUSPENDED') },
    { label: 'Provisioning or failed', value: count('PENDING', 'PROVISIONING', 'FAILED') },
  ]
}
