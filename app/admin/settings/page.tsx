// Read-only mode (state, switch, break-glass) and the configuration with every secret hidden.
import type { Metadata } from 'next'
import { requireSuperAdmin } from '@/app/_server/session'
import { ReadOnlyControls } from '@/components/admin/read-only-controls'
import { configurationView } from '@/lib/admin/configuration-view'
import { readOnlyState } from '@/lib/admin/read-only-state'
import { getEnv } from '@/lib/env'

export const metadata: Metadata = { title: 'Read-only mode and configuration' }

export default async function SettingsPage() {
  await requireSuperAdmin()
  const state = await readOnlyState()
  const env = getEnv()
  const entries = configurationView(env)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Read-only mode and configuration</h1>
      <section aria-labelledby="h-read-only" className="space-y-3 rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-read-only" className="text-lg font-semibold">
          Read-only mode
        </h2>
        <p className="text-sm" data-testid="read-only-state">
          {state.isReadOnly
            ? `On${state.source === 'config' ? ' (ADMIN_READ_ONLY in the configuration)' : ''}${state.reason ? `: ${state.reason}` : ''}`
            : 'Off: admin changes are allowed.'}
        </p>
        <ReadOnlyControls isReadOnly={state.isReadOnly} isFromConfig={state.source === 'config'} maxMinutes={env.BREAK_GLASS_MAX_MINUTES} />
      </section>
      <section aria-labelledby="h-config" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="h-config" className="mb-3 text-lg font-semibold">
          Configuration
        </h2>
        <p className="mb-3 text-sm text-slate-600">Effective values (defaults included). Secrets only say whether they are set.</p>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Configuration variables</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="py-1 font-medium">
                Setting
              </th>
              <th scope="col" className="py-1 font-medium">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.name} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-4 font-mono text-xs font-normal">
                  {e.name}
                </th>
                <td className={`py-1 font-mono text-xs break-all ${e.isSecret ? 'text-slate-500 italic' : ''}`}>{e.value || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
