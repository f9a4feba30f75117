// POST /api/webhooks/stripe: Stripe's deliveries. The raw body is verified (signature, 5-minute
// tolerance), the event id written to the ledger and processing queued; 200 at once. No origin
// check (Stripe is not a browser); the signature is the authentication.
import { NextResponse } from 'next/server'
import { receiveStripeEvent } from '@/lib/billing/receive-stripe-event'
import { isAppError } from '@/lib/errors/app-error'
import { log } from '@/lib/log/logger'

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text()
  try {
    const { eventId, isDuplicate } = await receiveStripeEvent({ rawBody, signature: request.headers.get('stripe-signature') })
    return NextResponse.json({ received: true, id: eventId, duplicate: isDuplicate })
  } catch (error) {
    if (isAppError(error) && error.status < 500) return NextResponse.json({ error: error.message }, { status: error.status })
    log.error('stripe webhook failed', { error: error instanceof Error ? error.message : String(error) })
    return NextResponse.json({ error: 'Webhook could not be recorded; Stripe will retry' }, { status: 500 })
  }
}
