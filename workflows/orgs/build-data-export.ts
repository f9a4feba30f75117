// orgs/data-export.requested → build the JSON into chunks → email the owner who asked
// (lib/orgs/data-export-build.ts). A retry builds again from nothing; after the last attempt the export
// shows as failed on the Settings page.
import { defineJob } from '@/lib/jobs/define'
import { NonRetriableError } from '@/lib/jobs/step'
import { buildDataExport, markDataExportFailed, notifyDataExportReady } from '@/lib/orgs/data-export-build'

const RETRIES = 3

export const buildDataExportJob = defineJob(
  {
    id: 'orgs-build-data-export',
    trigger: { event: 'orgs/data-export.requested' },
    idempotency: 'event.data.exportId',
    retries: RETRIES,
  },
  async ({ event, step, attempt }) => {
    const { exportId } = event.data
    const built = await step.run('build', async () => {
      try {
        return await buildDataExport(exportId)
      } catch (error) {
        if (attempt < RETRIES) throw error
        const reason = error instanceof Error ? error.message : String(error)
        await markDataExportFailed(exportId, reason)
        throw new NonRetriableError(reason)
      }
    })
    if (built.status !== 'READY' || built.alreadyBuilt) return built
    const emailed = await step.run('notify', () => notifyDataExportReady(exportId))
    return { ...built, emailed }
  },
)
