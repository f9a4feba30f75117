/** Small helpers for the test and bench runners: run a command, stream its output, time it. */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/** A package's executable file, by path (package "exports" often hide their bins from resolve). */
export function bin(pkg: string, file: string): string {
  const full = path.resolve('node_modules', pkg, file)
  if (!fs.existsSync(full)) throw new Error(`${pkg}/${file} not found: run npm install`)
  return full
}

export function runNode(args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } as NodeJS.ProcessEnv })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

export function runCommand(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } as NodeJS.ProcessEnv })
    child.on('error', () => resolve(127))
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
