/**
 * Password hashing with argon2id at OWASP's minimum parameters (19 MiB, 2 iterations, 1 lane).
 * Passwords are NFC-normalized first, so the same characters typed on two keyboards that encode
 * accents differently (é as one code point or as e + combining accent) give the same hash.
 */
import { hash, verify } from '@node-rs/argon2'

const ARGON2ID = 2 // Algorithm.Argon2id (an ambient const enum, which isolatedModules cannot import)

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFC'))
  } catch {
    return false
  }
}
