/** A lock across processes: a directory created atomically, holding the owner's pid (a dead owner's lock is taken over). */
import fs from 'node:fs'
import path from 'node:path'
import { isAlive } from '../../lib/os/is-alive'

export async function withLock<T>(lock: string, work: () => Promise<T> | T, onWait?: (ownerPid: number) => void): Promise<T> {
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  for (let announced = false; ;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid))
      break
    } catch {
      let pid = 0
      try {
        pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')) || 0
      } catch {
        // the owner has created the directory but not yet written its pid
      }
      if (pid && !isAlive(pid)) {
        fs.rmSync(lock, { recursive: true, force: true })
        continue
      }
      if (!announced && onWait) onWait(pid)
      announced = true
      await new Promise((resolve) => setTimeout(resolve, pid ? 2000 : 200))
    }
  }
  try {
    return await work()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}
