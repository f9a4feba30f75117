// POST /api/webhooks/alertmanager: Alertmanager's webhook receiver (bearer ALERTMANAGER_TOKEN).
// No origin check (Alertmanager is not a browser); the token is the authentication. The alerts
// only name volumes: their usage is re-read from Prometheus by the domain.
import { NextResponse } from 'next/server'
import { isAppError } from '@/lib/errors/app-error'
import { log } from '@/lib/log/logger'
import { assertAlertmanagerToken, receiveAlertmanagerAlerts } from '@/lib/metering/receive-alertmanager-alerts'
import { prometheusFromEnv } from '@/lib/prometheus/from-env'
import { ZodError } from 'zod'

export async function POST(request: Request): Promise<Response> {
  try {
    assertAlertmanagerToken(request.headers.get('authorization'))
    let body: unknown
    try {
      body = await request.json()
    } catch {
      return NextResponse.json({ error: 'The body is not JSON' }, { status: 400 })
    }
    return NextResponse.json({ ok: true, data: await receiveAlertmanagerAlerts(prometheusFromEnv(), body) })
  } catch (error) {
    if (error instanceof ZodError)
      return NextResponse.json(
        { error: 'Not an Alertmanager webhook payload', issues: error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
        { status: 422 },
      )
    if (isAppError(error)) return NextResponse.json({ error: error.message }, { status: error.status })
    log.error('alertmanager webhook failed', { error: error instanceof Error ? error.message : String(error) })
    return NextResponse.json({ error: 'Alerts could not be processed; Alertmanager will retry' }, { status: 500 })
  }
}
