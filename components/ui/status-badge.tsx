// A status as a coloured label: ONE colour map for tenant states, job runs, invoices,
// subscriptions and emails (the text carries the meaning, not the colour). The text is the
// status as each place has always written it (tenant "active", email "SENT", invoice "Open");
// children replace it.
//
//   <StatusBadge kind="tenant" status={tenant.state} />
//   <StatusBadge kind="email" status={message.status} />
//   <StatusBadge kind="invoice" status={invoice.status} />

const TONES = {
  success: 'bg-green-100 text-green-800',
  progress: 'bg-sky-100 text-sky-800',
  neutral: 'bg-slate-100 text-slate-700',
  warning: 'bg-amber-100 text-amber-900',
  danger: 'bg-red-100 text-red-800',
  ended: 'bg-slate-200 text-slate-800',
} as const

export type StatusTone = keyof typeof TONES

const STATUS_TONES = {
  tenant: {
    PENDING: 'neutral',
    PROVISIONING: 'progress',
    ACTIVE: 'success',
    UPDATING: 'progress',
    SUSPENDED: 'warning',
    FAILED: 'danger',
    DEPROVISIONING: 'ended',
    DEPROVISIONED: 'ended',
  },
  job: {
    QUEUED: 'neutral',
    RUNNING: 'progress',
    SLEEPING: 'neutral',
    WAITING: 'neutral',
    SUCCEEDED: 'success',
    FAILED: 'danger',
    DEAD: 'danger',
    CANCELED: 'ended',
  },
  invoice: { DRAFT: 'neutral', OPEN: 'warning', PAID: 'success', VOID: 'ended', UNCOLLECTIBLE: 'danger' },
  subscription: {
    TRIALING: 'progress',
    ACTIVE: 'success',
    PAST_DUE: 'warning',
    PAUSED: 'neutral',
    CANCELED: 'ended',
    EXPIRED: 'ended',
    INCOMPLETE: 'warning',
  },
  email: { PENDING: 'warning', SENT: 'success', KEPT: 'neutral', FAILED: 'danger' },
} as const satisfies Record<string, Record<string, StatusTone>>

export type StatusKind = keyof typeof STATUS_TONES

const INVOICE_LABELS: Record<string, string> = { OPEN: 'Open', PAID: 'Paid', VOID: 'Void', UNCOLLECTIBLE: 'Uncollectible' }

/** The tone of a status of that kind; an unknown status is neutral. */
export function statusTone(kind: StatusKind, status: string): StatusTone {
  return (STATUS_TONES[kind] as Record<string, StatusTone>)[status] ?? 'neutral'
}

/** The status as pages write it: tenant and job "active", subscription "past due", invoice "Open", email "SENT". */
export function statusLabel(kind: StatusKind, status: string): string {
  switch (kind) {
    case 'tenant':
    case 'job':
      return status.toLowerCase()
    case 'subscription':
      return status.toLowerCase().replaceAll('_', ' ')
    case 'invoice':
      return INVOICE_LABELS[status] ?? status
    case 'email':
      return status
  }
}

export function StatusBadge({ kind, status, children }: { kind: StatusKind; status: string; children?: React.ReactNode }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${TONES[statusTone(kind, status)]}`}>
      {children ?? statusLabel(kind, status)}
    </span>
  )
}
