// Readiness: database reachable, migrations at head, worker heartbeat fresh. 503 names what failed.
import { openDb } from '@/lib/db'
import { checkReadiness } from '@/lib/health/readiness'
import { requiresWorkerHeartbeat } from '@/server/boot'

export const dynamic = 'force-dynamic'

export async function GET() {
  await openDb()
  const readiness = await checkReadiness({ requireWorker: requiresWorkerHeartbeat() })
  return Response.json(
    { status: readiness.ok ? 'ready' : 'not ready', failing: readiness.failing, checks: readiness.checks },
    { status: readiness.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  )
}
