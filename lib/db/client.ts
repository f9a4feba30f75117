/**
 * The Prisma client of this process. Embedded mode opens one file-backed PGlite under DATA_DIR;
 * server mode uses a pg pool. The instance lives on globalThis so that every bundle of a Next.js
 * server (routes, instrumentation, the embedded worker) shares one PGlite: two PGlite instances
 * on one directory would corrupt it.
 */
import { PrismaClient } from './generated/client'
import type { DatabaseTarget } from './sql'
import { openPglite } from './sql'

export type Db = InstanceType<typeof PrismaClient>

interface Holder {
  client?: Db
  close?: () => Promise<void>
  opening?: Promise<Db>
}

const KEY = Symbol.for('tenancy.db')
const holder: Holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {})

export async function createPrisma(target: DatabaseTarget): Promise<{ client: Db; close: () => Promise<void> }> {
  if (target.kind === 'pglite') return prismaOverPglite(await openPglite(target.dir))
  const { PrismaPg } = await import('@prisma/adapter-pg')
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url, max: 10 }) })
  return { client, close: () => client.$disconnect() }
}

/** A Prisma client over an open PGlite; close() closes both. */
export async function prismaOverPglite(pglite: import('@electric-sql/pglite').PGlite): Promise<{ client: Db; close: () => Promise<void> }> {
  const { PrismaPGlite } = await import('pglite-prisma-adapter')
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) })
  return {
    client,
    close: async () => {
      await client.$disconnect()
      await pglite.close()
    },
  }
}

/** Opens the process-wide client on first call (from the validated configuration). */
export async function openDb(): Promise<Db> {
  if (holder.client) return holder.client
  holder.opening ??= (async () => {
    const { getEnv } = await import('../env')
    const { client, close } = await createPrisma(getEnv().database)
    holder.client = client
    holder.close = close
    return client
  })()
  return holder.opening
}

/** Installs an already open client as the process-wide one (tests, scripts). */
export function installDb(client: Db, close: () => Promise<void> = () => client.$disconnect()): void {
  holder.client = client
  holder.close = close
  holder.opening = Promise.resolve(client)
}

export async function closeDb(): Promise<void> {
  const close = holder.close
  holder.client = undefined
  holder.close = undefined
  holder.opening = undefined
  await close?.()
}

function current(): Db {
  if (!holder.client) throw new Error('Database not open: call openDb() first (instrumentation and scripts do)')
  return holder.client
}

/**
 * `db.user.findMany(...)` everywhere in domain code. It forwards to the process-wide client,
 * which the server opens at start-up (instrumentation.ts) and tests install with installDb().
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = current()
    const value = Reflect.get(client, property, client)
    return typeof value === 'function' ? value.bind(client) : value
  },
})
