// Read-only mode (state, switch, break-glass) and the configuration with every secret hidden.
import type { Metadata } from 'next'
import { requireAdminPage } from '@/app/_server/page-scope'
import { ReadOnlyControls } from '@/components/admin/read-only-controls'
import { Section } from '@/components/ui/section'
import { Table, type Column } from '@/components/ui/table'
import { configurationView } from '@/lib/admin/configuration-view'
import { readOnlyState } from '@/lib/admin/read-only-state'
import { getEnv } from '@/lib/env'

export const metadata: Metadata = { title: 'Read-only mode and configuration' }

type Entry = ReturnType<typeof configurationView>[number]

const COLUMNS: Column<Entry>[] = [
  { key: 'name', header: 'Setting', isRowHeader: true, className: 'font-mono text-xs font-normal', cell: (e) => e.name },
  {
    key: 'value',
    header: 'Value',
    cell: (e) => <span className={`font-mono text-xs break-all ${e.isSecret ? 'text-slate-500 italic' : ''}`}>{e.value || '—'}</span>,
  },
]

export default async function SettingsPage() {
  await requireAdminPage()
  const state = await readOnlyState()
  const env = getEnv()
  const entries = configurationView(env)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Read-only mode and configuration</h1>
      <Section title="Read-only mode" id="h-read-only" className="space-y-3">
        <p className="text-sm" data-testid="read-only-state">
          {state.isReadOnly
            ? `On${state.source === 'config' ? ' (ADMIN_READ_ONLY in the configuration)' : ''}${state.reason ? `: ${state.reason}` : ''}`
            : 'Off: admin changes are allowed.'}
        </p>
        <ReadOnlyControls isReadOnly={state.isReadOnly} isFromConfig={state.source === 'config'} maxMinutes={env.BREAK_GLASS_MAX_MINUTES} />
      </Section>
      <Section
        title="Configuration"
        id="h-config"
        description="Effective values (defaults included). Secrets only say whether they are set."
      >
        <Table caption="Configuration variables" variant="plain" columns={COLUMNS} rows={entries} rowKey={(e) => e.name} />
      </Section>
    </div>
  )
}
