import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { requireSuperAdmin } from '@/app/_server/session'
import { isAppError } from '@/lib/errors/app-error'
import { getMailboxMessage } from '@/lib/notifications/mailbox'

export const metadata: Metadata = { title: 'Email' }

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireSuperAdmin()
  const { id } = await params
  const message = await getMailboxMessage(id).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  return (
    <article className="space-y-4">
      <Link href="/admin/mailbox" className="text-sm text-brand-600 hover:underline">
        ← Mailbox
      </Link>
      <h1 className="text-2xl font-semibold">{message.subject}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">To</dt>
        <dd>{message.to}</dd>
        <dt className="text-slate-500">Template</dt>
        <dd>{message.template}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd>
          {message.status}
          {message.lastError ? ` — last error: ${message.lastError}` : ''}
        </dd>
      </dl>
      <section aria-labelledby="text-body">
        <h2 id="text-body" className="text-sm font-semibold text-slate-700">
          Text
        </h2>
        <pre data-testid="mail-text" className="mt-2 whitespace-pre-wrap rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200">
          {message.text}
        </pre>
      </section>
      {message.html && (
        <section aria-labelledby="html-body">
          <h2 id="html-body" className="text-sm font-semibold text-slate-700">
            HTML
          </h2>
          {/* sandboxed: the email's HTML cannot run scripts or reach this page */}
          <iframe
            title="HTML body"
            sandbox=""
            srcDoc={message.html}
            className="mt-2 h-96 w-full rounded-lg bg-white ring-1 ring-slate-200"
          />
        </section>
      )}
    </article>
  )
}
