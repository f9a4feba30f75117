/** npm run cluster:down — stops the local cluster's processes and removes its state (.cluster/). */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { state } from './paths'
import { components, stopComponent } from './processes'

export async function clusterDown(): Promise<void> {
  const stopped: string[] = []
  for (const name of [...components].reverse()) if (await stopComponent(name)) stopped.push(name)
  fs.rmSync(state.dir, { recursive: true, force: true })
  const summary = stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running'
  console.log(`[cluster:down] ${summary}; removed ${path.relative(process.cwd(), state.dir) || state.dir}/`)
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  clusterDown().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[cluster:down] failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
}
