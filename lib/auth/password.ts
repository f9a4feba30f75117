/**
 * Password hashing with argon2id at OWASP's minimum parameters (19 MiB, 2 iterations, 1 lane).
 * Passwords are NFC-normalized first, so the same characters typed on two keyboards that encode
 * accents differently (é as one code point or as e + combining accent) give the same hash.
 *
 * argon2 runs on libuv's thread pool (UV_THREADPOOL_SIZE threads, 4 by default), the pool that
 * also serves the session cookie's key derivation (async HKDF in next-auth's JWT), fs and dns.
 * Fifty sign-ins at once would queue fifty hashes ahead of every other request's cookie, and all
 * fifty would finish together. So at most `pool − 2` hashes (and no more than there are cores)
 * run at a time; the rest wait here, in order, and two pool threads stay free for everything else.
 */
import os from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import { getEnv } from '../env'

const ARGON2ID = 2 // Algorithm.Argon2id (an ambient const enum, which isolatedModules cannot import)

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password.normalize('NFC'), OPTIONS))
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await withHashSlot(() => verify(stored, password.normalize('NFC')))
  } catch {
    return false
  }
}

/** How many argon2 computations may run at once in this process. */
export function hashConcurrency(): number {
  return Math.max(1, Math.min(os.availableParallelism(), getEnv().UV_THREADPOOL_SIZE - 2))
}

let running = 0
const waiting: (() => void)[] = []

/** For tests: computations running and waiting now. */
export function hashQueue(): { running: number; waiting: number } {
  return { running, waiting: waiting.length }
}

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= hashConcurrency()) await new Promise<void>((resolve) => waiting.push(resolve))
  else running++
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next)
      next() // the slot passes on
    else running--
  }
}
