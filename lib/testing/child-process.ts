/** Test servers run as child processes (Knot, Prometheus, Alertmanager): stopping one and its scratch directory. */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'

/** SIGTERM, SIGKILL after `graceMs` if it is still running, then the directory removed. */
export async function stopChild(child: ChildProcess, isRunning: () => boolean, dir: string, graceMs = 5_000): Promise<void> {
  if (isRunning()) {
    child.kill('SIGTERM')
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve()
      }, graceMs)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
  fs.rmSync(dir, { recursive: true, force: true })
}
