// The dev mailbox: every email Tenancy wrote to the outbox, newest first (kept or sent).
import type { Metadata } from 'next'
import Link from 'next/link'
import { requireSuperAdmin } from '@/app/_server/session'
import { listMailbox } from '@/lib/notifications/mailbox'

export const metadata: Metadata = { title: 'Mailbox' }

const statusStyle: Record<string, string> = {
  SENT: 'bg-green-100 text-green-800',
  KEPT: 'bg-slate-100 text-slate-700',
  PENDING: 'bg-amber-100 text-amber-800',
  FAILED: 'bg-red-100 text-red-800',
}

export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  await requireSuperAdmin()
  const { cursor } = await searchParams
  const page = await listMailbox({ take: 50, cursor: typeof cursor === 'string' ? cursor : undefined })
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Mailbox</h1>
      <p className="text-sm text-slate-600">Every email Tenancy wrote. Without SMTP_URL they are kept here instead of sent.</p>
      {page.items.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200">No email yet.</p>
      ) : (
        <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
          <caption className="sr-only">Emails, newest first</caption>
          <thead className="bg-slate-50 text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                To
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Subject
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Template
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Written
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((m) => (
              <tr key={m.id} className="border-t border-slate-100">
                <td className="px-4 py-2">{m.to}</td>
                <td className="px-4 py-2">
                  <Link href={`/admin/mailbox/${m.id}`} className="text-brand-600 hover:underline">
                    {m.subject}
                  </Link>
                </td>
                <td className="px-4 py-2 text-slate-600">{m.template}</td>
                <td className="px-4 py-2">
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${statusStyle[m.status] ?? ''}`}>{m.status}</span>
                </td>
                <td className="px-4 py-2 text-slate-600">
                  <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.nextCursor && (
        <Link href={`/admin/mailbox?cursor=${page.nextCursor}`} className="text-sm text-brand-600 hover:underline">
          Older
        </Link>
      )}
    </div>
  )
}
