// The dev mailbox: every email Tenancy wrote to the outbox, newest first (kept or sent).
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireAdminPage } from '@/app/_server/page-scope'
import { StatusBadge } from '@/components/ui/status-badge'
import { Table, type Column } from '@/components/ui/table'
import { isoMinute } from '@/lib/format'
import { listMailbox } from '@/lib/notifications/mailbox'

export const metadata: Metadata = { title: 'Mailbox' }

type Message = Awaited<ReturnType<typeof listMailbox>>['items'][number]

const COLUMNS: Column<Message>[] = [
  { key: 'to', header: 'To', cell: (m) => m.to },
  {
    key: 'subject',
    header: 'Subject',
    cell: (m) => (
      <Link href={`/admin/mailbox/${m.id}`} className="text-brand-600 hover:underline">
        {m.subject}
      </Link>
    ),
  },
  { key: 'template', header: 'Template', className: 'text-slate-600', cell: (m) => m.template },
  { key: 'status', header: 'Status', cell: (m) => <StatusBadge kind="email" status={m.status} /> },
  {
    key: 'written',
    header: 'Written',
    className: 'text-slate-600',
    cell: (m) => <time dateTime={m.createdAt.toISOString()}>{isoMinute(m.createdAt)} UTC</time>,
  },
]

export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  await requireAdminPage()
  const { cursor } = await searchParams
  const page = await listMailbox({ take: 50, cursor: typeof cursor === 'string' ? cursor : undefined })
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Mailbox</h1>
      <p className="text-sm text-slate-600">Every email Tenancy wrote. Without SMTP_URL they are kept here instead of sent.</p>
      <Table
        caption="Emails, newest first"
        columns={COLUMNS}
        rows={page.items}
        rowKey={(m) => m.id}
        empty="No email yet."
        emptyWithoutTable
        pagination={{ nextHref: page.nextCursor ? `/admin/mailbox?cursor=${page.nextCursor}` : null, nextLabel: 'Older' }}
      />
    </div>
  )
}
