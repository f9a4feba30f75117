/**
 * A small Stripe test server: the API endpoints Tenancy's Stripe port calls (customers, prices by
 * lookup key, Checkout Sessions, subscriptions, invoices, billing portal sessions), a hosted
 * checkout stand-in page that completes payment, and webhooks signed with the real algorithm
 * (the SDK's generateTestHeaderString) POSTed to the app. State lives in memory.
 *
 * Invoice items wait on their customer (or subscription) until an invoice takes them: the next
 * subscription invoice, or a one-off invoice created for them.
 *
 * Test controls (not part of Stripe's API) live under /_test/: fail or pay a subscription's
 * invoice, renew a subscription, pay a one-off invoice, list the events sent, deliver an event
 * again; `failNext` makes the next API requests to a path answer 500.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import Stripe from 'stripe'

type Obj = Record<string, unknown> & { id: string }

export interface StripeTestServerOptions {
  port?: number
  host?: string
  /** The app's webhook endpoint; events are POSTed there. */
  webhookUrl?: string
  webhookSecret: string
  /** Prices by lookup key, in cents per month. */
  prices?: Record<string, number>
}

export interface StripeTestServer {
  url: string
  port: number
  events: Obj[]
  /** While true, events are recorded but not delivered (tests deliver them themselves). */
  holdDeliveries: boolean
  state: {
    customers: Map<string, Obj>
    sessions: Map<string, Obj>
    subscriptions: Map<string, Obj>
    invoices: Map<string, Obj>
    invoiceItems: Map<string, Obj>
  }
  /** Deliver an event (signed) to the webhook URL; resolves with the app's status. */
  deliver(event: Obj, options?: { timestamp?: number }): Promise<number>
  /** Complete a checkout session the way the hosted page does (creates the subscription, sends the events). */
  completeCheckout(sessionId: string): Promise<{ subscriptionId: string }>
  failPayment(subscriptionId: string): Promise<{ invoiceId: string }>
  payLatestInvoice(subscriptionId: string): Promise<{ invoiceId: string }>
  /** The subscription's next period: an invoice for its price and the items waiting for it, paid. */
  renew(subscriptionId: string): Promise<{ invoiceId: string }>
  /** Pays an open invoice (a one-off one: its customer paid the emailed invoice). */
  payInvoice(invoiceId: string): Promise<{ invoiceId: string }>
  /** The next `count` API requests whose path starts with `pathPrefix` fail with 500 (after `skip` succeed). */
  failNext(pathPrefix: string, count: number, skip?: number): void
  close(): Promise<void>
}

const DEFAULT_PRICES = { tenancy_pro_monthly: 4900, tenancy_enterprise_monthly: 99900 }
const MONTH = 30 * 86_400

const newId = (prefix: string) => `${prefix}_${crypto.randomBytes(12).toString('hex')}`
const nowSeconds = () => Math.floor(Date.now() / 1000)

/** Stripe's form encoding (a[b][0][c]=v) back into objects and arrays. */
export function parseForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, '').split('[')
    let node: Record<string, unknown> = root
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value
      else node = (node[key] ??= {}) as Record<string, unknown>
    })
  }
  return arrays(root) as Record<string, unknown>
}

function arrays(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arrays(v)] as const)
  if (entries.length && entries.every(([k]) => /^\d+$/.test(k)))
    return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v)
  return Object.fromEntries(entries)
}

const style =
  'body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;color:#1e293b}' +
  'label,input,button{display:block;width:100%;margin:.4rem 0}input{padding:.5rem}' +
  'button{padding:.6rem;background:#4f46e5;color:#fff;border:0;border-radius:.4rem;font-weight:600}'

function html(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${style}</style>
</head><body>${body}</body></html>`
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export async function startStripeTestServer(options: StripeTestServerOptions): Promise<StripeTestServer> {
  const host = options.host ?? '127.0.0.1'
  const priceList = options.prices ?? DEFAULT_PRICES
  const prices = new Map<string, Obj>()
  for (const [lookupKey, amount] of Object.entries(priceList)) {
    const id = `price_${lookupKey}`
    prices.set(id, {
      id,
      object: 'price',
      active: true,
      currency: 'usd',
      unit_amount: amount,
      lookup_key: lookupKey,
      recurring: { interval: 'month' },
      type: 'recurring',
    })
  }
  const customers = new Map<string, Obj>()
  const sessions = new Map<string, Obj>()
  const subscriptions = new Map<string, Obj>()
  const invoices = new Map<string, Obj>()
  const portals = new Map<string, Obj>()
  const invoiceItems = new Map<string, Obj>()
  const failures: { pathPrefix: string; count: number; skip: number }[] = []
  const idempotent = new Map<string, unknown>()
  const events: Obj[] = []
  let url = ''
  let invoiceCounter = 0

  async function deliver(event: Obj, deliverOptions: { timestamp?: number } = {}): Promise<number> {
    if (!options.webhookUrl) return 0
    const payload = JSON.stringify(event)
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.webhookSecret,
      timestamp: deliverOptions.timestamp,
    })
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const response = await fetch(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          body: payload,
        })
        await response.text()
        if (response.status < 500) return response.status
      } catch {
        // the app is not listening yet: retry, as Stripe does
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)))
    }
    return 0
  }

  async function emit(type: string, object: Obj): Promise<Obj> {
    const event: Obj = {
      id: newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: nowSeconds(),
      livemode: false,
      type,
      data: { object: structuredClone(object) },
      pending_webhooks: 1,
    }
    events.push(event)
    if (!handle.holdDeliveries) await deliver(event)
    return event
  }

  function priceByKeyOrId(value: string): Obj {
    const price = prices.get(value) ?? [...prices.values()].find((p) => p.lookup_key === value)
    if (!price) throw new ApiError(400, `No such price: '${value}'`, 'resource_missing')
    return price
  }

  function setItem(sub: Obj, price: Obj, start: number, end: number) {
    const existing = ((sub.items as { data: Obj[] } | undefined)?.data ?? [])[0]
    sub.items = {
      object: 'list',
      data: [
        {
          id: existing?.id ?? newId('si'),
          object: 'subscription_item',
          price,
          quantity: 1,
          current_period_start: start,
          current_period_end: end,
        },
      ],
    }
  }

  /** Items waiting for this subscription (or for any invoice of the customer), taken by the invoice. */
  function takePendingItems(customer: unknown, subscriptionId: string | null, invoiceId: string): Obj[] {
    const taken = [...invoiceItems.values()].filter(
      (i) => i.customer === customer && i.invoice === null && (i.subscription === null || i.subscription === subscriptionId),
    )
    for (const item of taken) item.invoice = invoiceId
    return taken
  }

  const lineOf = (item: Obj): Obj => ({
    id: newId('il'),
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    metadata: item.metadata,
  })

  function newInvoice(
    sub: Obj,
    amount: number,
    status: 'open' | 'paid',
    reason: string,
    options: { withPendingItems?: boolean } = {},
  ): Obj {
    invoiceCounter++
    const id = newId('in')
    const price = (sub.items as { data: { price: Obj }[] } | undefined)?.data[0]?.price
    const lines: Obj[] = amount
      ? [
          {
            id: newId('il'),
            object: 'line_item',
            amount,
            currency: 'usd',
            description: `1 × ${String(price?.lookup_key ?? 'plan')}`,
            metadata: {},
          },
        ]
      : []
    if (options.withPendingItems) {
      for (const item of takePendingItems(sub.customer, sub.id, id)) {
        lines.push(lineOf(item))
        amount += item.amount as number
      }
    }
    const invoice: Obj = {
      id,
      object: 'invoice',
      customer: sub.customer,
      lines: { object: 'list', data: lines, has_more: false },
      status,
      amount_due: amount,
      amount_paid: status === 'paid' ? amount : 0,
      amount_remaining: status === 'paid' ? 0 : amount,
      currency: 'usd',
      number: `TEST-${String(invoiceCounter).padStart(4, '0')}`,
      created: nowSeconds(),
      next_payment_attempt: status === 'open' ? nowSeconds() + 3 * 86_400 : null,
      billing_reason: reason,
      metadata: {},
      parent: { type: 'subscription_details', subscription_details: { subscription: sub.id, metadata: sub.metadata } },
      status_transitions: { paid_at: status === 'paid' ? nowSeconds() : null, finalized_at: nowSeconds() },
    }
    invoices.set(invoice.id, invoice)
    return invoice
  }

  async function completeCheckout(sessionId: string): Promise<{ subscriptionId: string }> {
    const session = sessions.get(sessionId)
    if (!session) throw new ApiError(404, `No such checkout session: '${sessionId}'`, 'resource_missing')
    if (session.status === 'complete') return { subscriptionId: session.subscription as string }
    const lineItems = session.line_items_input as { price: string }[]
    const price = priceByKeyOrId(lineItems[0]!.price)
    const subscriptionData = (session.subscription_data_input ?? {}) as { trial_period_days?: string; metadata?: Record<string, string> }
    const trialDays = Number(subscriptionData.trial_period_days ?? 0)
    const start = nowSeconds()
    const trialEnd = trialDays > 0 ? start + trialDays * 86_400 : null
    const sub: Obj = {
      id: newId('sub'),
      object: 'subscription',
      customer: session.customer,
      status: trialEnd ? 'trialing' : 'active',
      trial_start: trialEnd ? start : null,
      trial_end: trialEnd,
      cancel_at_period_end: false,
      canceled_at: null,
      pause_collection: null,
      created: start,
      metadata: subscriptionData.metadata ?? {},
    }
    setItem(sub, price, start, trialEnd ?? start + MONTH)
    subscriptions.set(sub.id, sub)
    session.status = 'complete'
    session.payment_status = trialEnd ? 'no_payment_required' : 'paid'
    session.subscription = sub.id
    await emit('customer.subscription.created', sub)
    await emit('checkout.session.completed', session)
    if (!trialEnd) {
      const invoice = newInvoice(sub, price.unit_amount as number, 'paid', 'subscription_create')
      await emit('invoice.finalized', invoice)
      await emit('invoice.paid', invoice)
    }
    return { subscriptionId: sub.id }
  }

  function subscriptionOf(id: string): Obj {
    const sub = subscriptions.get(id)
    if (!sub) throw new ApiError(404, `No such subscription: '${id}'`, 'resource_missing')
    return sub
  }

  async function failPayment(subscriptionId: string) {
    const sub = subscriptionOf(subscriptionId)
    const price = (sub.items as { data: { price: Obj }[] }).data[0]!.price
    const invoice = newInvoice(sub, price.unit_amount as number, 'open', 'subscription_cycle')
    sub.status = 'past_due'
    await emit('invoice.finalized', invoice)
    await emit('invoice.payment_failed', invoice)
    await emit('customer.subscription.updated', sub)
    return { invoiceId: invoice.id }
  }

  async function payLatestInvoice(subscriptionId: string) {
    const sub = subscriptionOf(subscriptionId)
    const open = [...invoices.values()]
      .filter(
        (i) =>
          (i.parent as { subscription_details: { subscription: string } }).subscription_details.subscription === sub.id &&
          i.status === 'open',
      )
      .at(-1)
    if (!open) throw new ApiError(400, 'No open invoice', 'invoice_not_open')
    Object.assign(open, {
      status: 'paid',
      amount_paid: open.amount_due,
      amount_remaining: 0,
      next_payment_attempt: null,
      status_transitions: { paid_at: nowSeconds() },
    })
    sub.status = 'active'
    await emit('invoice.paid', open)
    await emit('customer.subscription.updated', sub)
    return { invoiceId: open.id }
  }

  async function renew(subscriptionId: string) {
    const sub = subscriptionOf(subscriptionId)
    const item = (sub.items as { data: Obj[] }).data[0]!
    const start = item.current_period_end as number
    setItem(sub, item.price as Obj, start, start + MONTH)
    const invoice = newInvoice(sub, (item.price as Obj).unit_amount as number, 'paid', 'subscription_cycle', { withPendingItems: true })
    sub.status = 'active'
    await emit('invoice.finalized', invoice)
    await emit('invoice.paid', invoice)
    return { invoiceId: invoice.id }
  }

  async function payInvoice(invoiceId: string) {
    const invoice = invoices.get(invoiceId)
    if (!invoice || invoice.status !== 'open') throw new ApiError(400, `Invoice ${invoiceId} is not open`, 'invoice_not_open')
    Object.assign(invoice, {
      status: 'paid',
      amount_paid: invoice.amount_due,
      amount_remaining: 0,
      next_payment_attempt: null,
      status_transitions: { paid_at: nowSeconds() },
    })
    await emit('invoice.paid', invoice)
    return { invoiceId }
  }

  async function api(method: string, path: string, params: Record<string, unknown>, idempotencyKey: string | undefined): Promise<unknown> {
    const failure = failures.find((f) => path.startsWith(f.pathPrefix))
    if (failure) {
      if (failure.skip > 0) failure.skip--
      else {
        if (--failure.count <= 0) failures.splice(failures.indexOf(failure), 1)
        throw new ApiError(500, 'An injected failure (failNext)', 'api_error')
      }
    }
    if (idempotencyKey && method === 'POST' && idempotent.has(`${path}:${idempotencyKey}`))
      return idempotent.get(`${path}:${idempotencyKey}`)
    const result = await route(method, path, params)
    if (idempotencyKey && method === 'POST') idempotent.set(`${path}:${idempotencyKey}`, result)
    return result
  }

  async function route(method: string, path: string, params: Record<string, unknown>): Promise<unknown> {
    let m: RegExpMatchArray | null
    if (method === 'POST' && path === '/v1/customers') {
      const customer: Obj = {
        id: newId('cus'),
        object: 'customer',
        name: params.name ?? null,
        email: params.email ?? null,
        metadata: params.metadata ?? {},
        created: nowSeconds(),
      }
      customers.set(customer.id, customer)
      return customer
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/customers\/([\w]+)$/))) {
      const customer = customers.get(m[1]!)
      if (!customer) throw new ApiError(404, `No such customer: '${m[1]}'`, 'resource_missing')
      return customer
    }
    if (method === 'GET' && path === '/v1/prices') {
      const keys = (params.lookup_keys as string[] | undefined) ?? []
      const data = [...prices.values()].filter((p) => !keys.length || keys.includes(p.lookup_key as string))
      return { object: 'list', data, has_more: false, url: '/v1/prices' }
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const customer = params.customer as string
      if (!customers.has(customer)) throw new ApiError(400, `No such customer: '${customer}'`, 'resource_missing')
      const lineItems = params.line_items as { price: string }[]
      priceByKeyOrId(lineItems?.[0]?.price ?? '')
      const id = newId('cs_test')
      const session: Obj = {
        id,
        object: 'checkout.session',
        mode: params.mode,
        status: 'open',
        payment_status: 'unpaid',
        customer,
        client_reference_id: params.client_reference_id ?? null,
        subscription: null,
        metadata: params.metadata ?? {},
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        url: `${url}/checkout/${id}`,
        line_items_input: lineItems,
        subscription_data_input: params.subscription_data ?? {},
      }
      sessions.set(id, session)
      return publicSession(session)
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/checkout\/sessions\/([\w]+)$/))) {
      const session = sessions.get(m[1]!)
      if (!session) throw new ApiError(404, `No such checkout session: '${m[1]}'`, 'resource_missing')
      return publicSession(session)
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/subscriptions\/([\w]+)$/))) return subscriptionOf(m[1]!)
    if (method === 'POST' && (m = path.match(/^\/v1\/subscriptions\/([\w]+)$/))) {
      const sub = subscriptionOf(m[1]!)
      const items = params.items as { id?: string; price: string }[] | undefined
      if (items?.[0]?.price) {
        const price = priceByKeyOrId(items[0].price)
        const item = (sub.items as { data: Obj[] }).data[0]!
        const oldAmount = (item.price as Obj).unit_amount as number
        setItem(sub, price, item.current_period_start as number, item.current_period_end as number)
        if (params.proration_behavior === 'always_invoice' && sub.status === 'active') {
          const start = item.current_period_start as number
          const end = item.current_period_end as number
          const left = Math.max(0, end - nowSeconds()) / Math.max(1, end - start)
          const amount = Math.max(0, Math.round(((price.unit_amount as number) - oldAmount) * left))
          const invoice = newInvoice(sub, amount, 'paid', 'subscription_update')
          await emit('invoice.finalized', invoice)
          await emit('invoice.paid', invoice)
        }
      }
      if (params.cancel_at_period_end !== undefined) sub.cancel_at_period_end = params.cancel_at_period_end === 'true'
      if (params.pause_collection !== undefined) sub.pause_collection = params.pause_collection === '' ? null : params.pause_collection
      await emit('customer.subscription.updated', sub)
      return sub
    }
    if (method === 'DELETE' && (m = path.match(/^\/v1\/subscriptions\/([\w]+)$/))) {
      const sub = subscriptionOf(m[1]!)
      Object.assign(sub, { status: 'canceled', canceled_at: nowSeconds() })
      await emit('customer.subscription.deleted', sub)
      return sub
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/invoices\/([\w]+)$/))) {
      const invoice = invoices.get(m[1]!)
      if (!invoice) throw new ApiError(404, `No such invoice: '${m[1]}'`, 'resource_missing')
      return invoice
    }
    if (method === 'POST' && path === '/v1/invoiceitems') {
      if (!customers.has(params.customer as string))
        throw new ApiError(400, `No such customer: '${String(params.customer)}'`, 'resource_missing')
      const amount = Number(params.amount)
      if (!Number.isInteger(amount)) throw new ApiError(400, 'amount must be an integer', 'parameter_invalid_integer')
      const target = params.invoice ? invoices.get(params.invoice as string) : null
      if (params.invoice && target?.status !== 'draft')
        throw new ApiError(400, `Invoice ${String(params.invoice)} is not a draft`, 'invoice_not_editable')
      const item: Obj = {
        id: newId('ii'),
        object: 'invoiceitem',
        customer: params.customer,
        amount,
        currency: params.currency ?? 'usd',
        description: params.description ?? null,
        metadata: params.metadata ?? {},
        subscription: params.subscription ?? null,
        invoice: target?.id ?? null,
      }
      invoiceItems.set(item.id, item)
      if (target) {
        ;(target.lines as { data: Obj[] }).data.push(lineOf(item))
        target.amount_due = (target.amount_due as number) + amount
        target.amount_remaining = target.amount_due
      }
      return item
    }
    if (method === 'POST' && path === '/v1/invoices') {
      if (!customers.has(params.customer as string))
        throw new ApiError(400, `No such customer: '${String(params.customer)}'`, 'resource_missing')
      invoiceCounter++
      const id = newId('in')
      const lines = params.pending_invoice_items_behavior === 'exclude' ? [] : takePendingItems(params.customer, null, id).map(lineOf)
      const amount = lines.reduce((sum, l) => sum + (l.amount as number), 0)
      const invoice: Obj = {
        id,
        object: 'invoice',
        customer: params.customer,
        status: 'draft',
        collection_method: params.collection_method ?? 'charge_automatically',
        amount_due: amount,
        amount_paid: 0,
        amount_remaining: amount,
        currency: params.currency ?? 'usd',
        number: null,
        description: params.description ?? null,
        created: nowSeconds(),
        next_payment_attempt: null,
        billing_reason: 'manual',
        metadata: params.metadata ?? {},
        parent: null,
        lines: { object: 'list', data: lines, has_more: false },
        status_transitions: { paid_at: null, finalized_at: null },
      }
      invoices.set(id, invoice)
      return invoice
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/invoices\/([\w]+)\/finalize$/))) {
      const invoice = invoices.get(m[1]!)
      if (!invoice) throw new ApiError(404, `No such invoice: '${m[1]}'`, 'resource_missing')
      if (invoice.status !== 'draft') throw new ApiError(400, 'This invoice is already finalized', 'invoice_not_editable')
      Object.assign(invoice, {
        status: 'open',
        number: `TEST-${String(invoiceCounter).padStart(4, '0')}`,
        status_transitions: { paid_at: null, finalized_at: nowSeconds() },
      })
      await emit('invoice.finalized', invoice)
      return invoice
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      const customer = params.customer as string
      if (!customers.has(customer)) throw new ApiError(400, `No such customer: '${customer}'`, 'resource_missing')
      const id = newId('bps')
      const session: Obj = {
        id,
        object: 'billing_portal.session',
        customer,
        return_url: params.return_url,
        url: `${url}/portal/${id}`,
        created: nowSeconds(),
      }
      portals.set(id, session)
      return session
    }
    throw new ApiError(
      404,
      `Unrecognized request URL (${method}: ${path}). This test server implements only what Tenancy calls.`,
      'invalid_request_error',
    )
  }

  function publicSession(session: Obj): Obj {
    const { line_items_input: _l, subscription_data_input: _s, ...rest } = session
    void _l
    void _s
    return rest as Obj
  }

  async function page(method: string, path: string, form: Record<string, unknown>, res: http.ServerResponse): Promise<boolean> {
    let m: RegExpMatchArray | null
    if ((m = path.match(/^\/checkout\/([\w]+)$/))) {
      const session = sessions.get(m[1]!)
      if (!session) return false
      if (method === 'POST') {
        if (String(form.card ?? '').replace(/\s/g, '') === '4000000000000002') {
          res.writeHead(402, { 'content-type': 'text/html' }).end(html('Payment declined', '<h1>Your card was declined.</h1>'))
          return true
        }
        await completeCheckout(session.id)
        res.writeHead(303, { location: String(session.success_url).replace('{CHECKOUT_SESSION_ID}', session.id) }).end()
        return true
      }
      const price = priceByKeyOrId((session.line_items_input as { price: string }[])[0]!.price)
      const trial = Number((session.subscription_data_input as { trial_period_days?: string }).trial_period_days ?? 0)
      const customer = customers.get(session.customer as string)
      const amount = ((price.unit_amount as number) / 100).toFixed(2)
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        html(
          'Checkout (test)',
          `<p>Test mode</p><h1>Subscribe to ${escapeHtml(String(price.lookup_key))}</h1>
<p data-testid="checkout-amount">$${amount} / month${trial ? ` after a ${trial}-day free trial` : ''}</p>
<p>${escapeHtml(String(customer?.name ?? ''))}</p>
<form method="post"><label>Card number<input name="card" value="4242 4242 4242 4242" autocomplete="off"></label>
<button type="submit">${trial ? 'Start trial' : 'Subscribe'}</button></form>
<p><a href="${escapeHtml(String(session.cancel_url))}">Back</a></p>`,
        ),
      )
      return true
    }
    if ((m = path.match(/^\/portal\/([\w]+)$/))) {
      const portal = portals.get(m[1]!)
      if (!portal) return false
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          html(
            'Billing portal (test)',
            `<h1>Billing portal</h1><p>Payment method: Visa •••• 4242</p>` +
              `<p><a href="${escapeHtml(String(portal.return_url))}">Return to Tenancy</a></p>`,
          ),
        )
      return true
    }
    return false
  }

  async function control(path: string, res: http.ServerResponse): Promise<boolean> {
    let m: RegExpMatchArray | null
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (path === '/_test/events') return (send(events), true)
    if ((m = path.match(/^\/_test\/subscriptions\/([\w]+)\/fail-payment$/))) return (send(await failPayment(m[1]!)), true)
    if ((m = path.match(/^\/_test\/subscriptions\/([\w]+)\/pay$/))) return (send(await payLatestInvoice(m[1]!)), true)
    if ((m = path.match(/^\/_test\/subscriptions\/([\w]+)\/renew$/))) return (send(await renew(m[1]!)), true)
    if ((m = path.match(/^\/_test\/invoices\/([\w]+)\/pay$/))) return (send(await payInvoice(m[1]!)), true)
    // by the customer's name (the organization's name), for browser tests that know only that
    if ((m = path.match(/^\/_test\/by-name\/([^/]+)\/(fail-payment|pay)$/))) {
      const name = decodeURIComponent(m[1]!)
      const customer = [...customers.values()].find((c) => c.name === name)
      const sub = customer && [...subscriptions.values()].find((s) => s.customer === customer.id)
      if (!sub) throw new ApiError(404, `No subscription for a customer named '${name}'`, 'resource_missing')
      return (send(m[2] === 'pay' ? await payLatestInvoice(sub.id) : await failPayment(sub.id)), true)
    }
    if ((m = path.match(/^\/_test\/customers\/([\w]+)\/subscription$/))) {
      const sub = [...subscriptions.values()].find((s) => s.customer === m![1])
      return (send(sub ?? null), true)
    }
    return false
  }

  const handle: StripeTestServer = {
    url: '',
    port: 0,
    events,
    holdDeliveries: false,
    state: { customers, sessions, subscriptions, invoices, invoiceItems },
    deliver,
    completeCheckout,
    failPayment,
    payLatestInvoice,
    renew,
    payInvoice,
    failNext: (pathPrefix, count, skip = 0) => void failures.push({ pathPrefix, count, skip }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const target = new URL(req.url ?? '/', 'http://x')
      const body = Buffer.concat(chunks).toString('utf8')
      const method = req.method ?? 'GET'
      try {
        if (target.pathname.startsWith('/v1/')) {
          if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_'))
            throw new ApiError(401, 'Invalid API Key provided', 'invalid_request_error')
          const params = method === 'GET' || method === 'DELETE' ? parseForm(target.search.slice(1)) : parseForm(body)
          const result = await api(method, target.pathname, params, req.headers['idempotency-key'] as string | undefined)
          res.writeHead(200, { 'content-type': 'application/json', 'request-id': newId('req') }).end(JSON.stringify(result))
          return
        }
        if (target.pathname.startsWith('/_test/') && method === 'POST' && (await control(target.pathname, res))) return
        if (target.pathname === '/_test/events' && (await control(target.pathname, res))) return
        if (await page(method, target.pathname, parseForm(body), res)) return
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError(500, error instanceof Error ? error.message : String(error), 'api_error')
        res
          .writeHead(e.status, { 'content-type': 'application/json' })
          .end(
            JSON.stringify({ error: { type: e.status >= 500 ? 'api_error' : 'invalid_request_error', code: e.code, message: e.message } }),
          )
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const port = (server.address() as { port: number }).port
  url = `http://${host}:${port}`
  Object.assign(handle, { url, port })
  return handle
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}
