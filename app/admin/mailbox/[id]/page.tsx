// One email of the dev mailbox: its headers, the text body and the HTML body (sandboxed).
import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { requireAdminPage } from '@/app/_server/page-scope'
import { DescriptionList } from '@/components/ui/description-list'
import { StatusBadge } from '@/components/ui/status-badge'
import { isAppError } from '@/lib/errors/app-error'
import { getMailboxMessage } from '@/lib/notifications/mailbox'

export const metadata: Metadata = { title: 'Email' }

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage()
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
      <DescriptionList
        items={[
          { label: 'To', value: message.to },
          { label: 'Template', value: message.template },
          {
            label: 'Status',
            value: (
              <>
                <StatusBadge kind="email" status={message.status} />
                {message.lastError ? ` — last error: ${message.lastError}` : ''}
              </>
            ),
          },
        ]}
      />
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
