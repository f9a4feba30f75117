/**
 * A runner in its own process, for the crash and multi-process tests:
 *   tsx lib/jobs/testing/runner-child.ts <pglite:DIR | postgresql://…> <scenario> [key]
 * scenarios: five-steps-send (send, then run until killed), run-until-done (resume what is due, exit
 * when the five-step run finished), cron (run the ticker for CHILD_SECONDS). Prints progress lines.
 */
import { createPrisma } from '../../db'
import { JobEngine } from '../engine'
import { Runner } from '../runner'
import { fixtures } from './fixtures'
import { silentLogger, type Logger } from '../../log/logger'

const [target, scenario, key = 'k1'] = process.argv.slice(2)
const say = (line: string) => process.stdout.write(line + '\n')
const errorsOnly: Logger = { ...silentLogger, error: (m, f) => say(`error ${m} ${JSON.stringify(f)}`), child: () => errorsOnly }

async function main() {
  const { client, close } = await createPrisma(
    target!.startsWith('pglite:') ? { kind: 'pglite', dir: target!.slice(7) } : { kind: 'postgres', url: target! },
  )
  const all = fixtures(client, { blockAtStep4File: process.env.BLOCK_FILE || undefined, onProgress: say })
  const functions = scenario === 'cron' ? all.filter((f) => f.id === 'test-ticker') : all.filter((f) => !('cron' in f.trigger))
  const engine = new JobEngine(client, functions)
  const runner = new Runner(engine, { pollMs: 50, leaseMs: 1_000, heartbeat: false, logger: errorsOnly }).start()
  if (scenario === 'five-steps-send') await engine.send({ name: 'test/five-steps.requested', id: `evt-${key}`, data: { key } })
  say('ready')
  if (scenario === 'run-until-done') {
    while ((await client.jobRun.count({ where: { idempotencyKey: `evt-${key}`, status: 'SUCCEEDED' } })) === 0)
      await new Promise((r) => setTimeout(r, 50))
  } else if (scenario === 'cron') {
    await new Promise((r) => setTimeout(r, Number(process.env.CHILD_SECONDS ?? 3) * 1000))
  } else {
    await new Promise(() => {}) // until killed
  }
  await runner.stop()
  await close()
  say('exit')
}

main().then(
  () => process.exit(0),
  (error) => {
    say(`crash ${error instanceof Error ? error.stack : String(error)}`)
    process.exit(1)
  },
)
