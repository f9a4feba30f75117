/**
 * The Prisma client of this process. Embedded mode opens one file-backed PGlite under DATA_DIR;
 * server mode uses a pg pool. The instance lives on globalThis so that every bundle of a Next.js
 * server (routes, instrumentation, the embedded worker) shares one PGlite: two PGlite instances
 * on one directory would corrupt it.
 */
import { PrismaClient } from './generated/client'
import { currentDbScope, SCOPE_SQL, SCOPED_MODELS, scopeSettings } from './scope'
import type { DatabaseTarget } from './sql'
import { openPglite } from './sql'

export type Db = InstanceType<typeof PrismaClient>

interface Holder {
  client?: Db
  /** The client with row-level security's scope put into every query that needs it. */
  scoped?: Db
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
    install(client, close)
    return client
  })()
  return holder.opening
}

/** Installs an already open client as the process-wide one (tests, scripts). */
export function installDb(client: Db, close: () => Promise<void> = () => client.$disconnect()): void {
  install(client, close)
  holder.opening = Promise.resolve(client)
}

function install(client: Db, close: () => Promise<void>): void {
  holder.client = client
  holder.scoped = withRowLevelSecurity(client)
  holder.close = close
}

export async function closeDb(): Promise<void> {
  const close = holder.close
  holder.client = undefined
  holder.scoped = undefined
  holder.close = undefined
  holder.opening = undefined
  await close?.()
}

/** The statement that opens a scoped transaction: the role without BYPASSRLS, and the scope (./scope.ts). */
function setScope(client: Pick<Db, '$queryRawUnsafe'>) {
  return client.$queryRawUnsafe(SCOPE_SQL, ...scopeSettings(currentDbScope()))
}

/**
 * The Prisma client extension of row-level security: an operation on an organization-scoped model
 * (and any raw query, whose tables are unknown) runs in a transaction that first sets the role and
 * the scope (`SET LOCAL`, through set_config(…, true)); other models go straight through. A model
 * operation runs on the transaction's client (measured: on PGlite a batch of set_config and a model
 * query costs 30 ms where this costs 3 ms, bench/rls); a raw one keeps its arguments in a batch.
 */
export function withRowLevelSecurity(client: Db): Db {
  return client.$extends({
    name: 'row-level-security',
    query: {
      async $allOperations({ model, operation, args, query }) {
        if (model === undefined) {
          const [, result] = await client.$transaction([setScope(client), query(args)])
          return result
        }
        if (!SCOPED_MODELS.has(model)) return query(args)
        const key = model.charAt(0).toLowerCase() + model.slice(1)
        return client.$transaction(async (tx) => {
          await setScope(tx)
          const delegate = (tx as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[key]!
          return delegate[operation]!(args)
        }, TRANSACTION_OPTIONS)
      },
    },
  }) as unknown as Db
}

/** One embedded connection serves every transaction in turn: wait for it longer than Prisma's 2 s default. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 }

/**
 * An interactive transaction whose every statement runs in the current scope: the transaction
 * client is the plain one (its statements are inside the scoped transaction already).
 */
function scopedTransaction(client: Db): Db['$transaction'] {
  return ((fn: unknown, options?: unknown) => {
    if (typeof fn !== 'function') throw new Error('db.$transaction([...]) is not supported: use db.$transaction(async (tx) => …)')
    return client.$transaction(
      async (tx) => {
        await setScope(tx)
        return (fn as (tx: unknown) => Promise<unknown>)(tx)
      },
      options as Parameters<Db['$transaction']>[1],
    )
  }) as Db['$transaction']
}

function current(): { client: Db; scoped: Db } {
  if (!holder.client || !holder.scoped) throw new Error('Database not open: call openDb() first (instrumentation and scripts do)')
  return { client: holder.client, scoped: holder.scoped }
}

/**
 * `db.user.findMany(...)` everywhere in domain code. It forwards to the process-wide client,
 * which the server opens at start-up (instrumentation.ts) and tests install with installDb(),
 * through row-level security's extension: each query runs in the scope of ./scope.ts.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const { client, scoped } = current()
    if (property === '$transaction') return scopedTransaction(client)
    const value = Reflect.get(scoped, property, scoped)
    return typeof value === 'function' ? value.bind(scoped) : value
  },
})
