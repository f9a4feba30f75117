/**
 * Compares prisma/schema.prisma with what prisma/migrations builds, using Prisma's schema engine
 * compiled to WebAssembly (no native binary, no network). The migrations are replayed on an
 * in-memory PGlite "shadow" database. Used to create migrations and by the drift check.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

export const DEFAULT_SCHEMA_PATH = path.join(process.cwd(), 'prisma', 'schema.prisma')

type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg')
let loaded: Promise<Bg> | undefined

function loadEngine(): Promise<Bg> {
  loaded ??= (async () => {
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg')
    const require = createRequire(import.meta.url)
    const wasmFile = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm')
    const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmFile)), { './schema_engine_bg.js': bg as never })
    bg.__wbg_set_wasm(instance.exports)
    ;(instance.exports as { __wbindgen_start: () => void }).__wbindgen_start()
    return bg
  })()
  return loaded
}

function migrationsList(dir: string) {
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : []
  const lock = path.join(dir, 'migration_lock.toml')
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = path.join(dir, name, 'migration.sql')
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(file) ? { tag: 'ok', value: fs.readFileSync(file, 'utf8') } : { tag: 'error', value: 'not found' },
        },
      }
    }),
  }
}

export interface SchemaDiff {
  /** SQL that would bring a database built from the migrations to schema.prisma; '' when in sync. */
  sql: string
  inSync: boolean
}

/** Diff migrations → schema. Pure with respect to the project: it touches only an in-memory database. */
export async function diffMigrationsToSchema(options: { schemaPath?: string; migrationsDir?: string } = {}): Promise<SchemaDiff> {
  const schemaPath = path.resolve(options.schemaPath ?? DEFAULT_SCHEMA_PATH)
  const migrationsDir = path.resolve(options.migrationsDir ?? path.join(path.dirname(schemaPath), 'migrations'))
  const bg = await loadEngine()
  const { PGlite } = await import('@electric-sql/pglite')
  const { PrismaPGlite } = await import('pglite-prisma-adapter')
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils')
  // The engine's own and its shadow database are copies of an empty cluster (no initdb each time).
  const { copyTemplate, emptyTemplate } = await import('./pglite-template')
  const { pgliteExtensions } = await import('./sql')
  const template = await emptyTemplate()
  // The migrations create extensions (pg_trgm): the shadow database must be able to load them.
  const extensions = await pgliteExtensions()
  const dirs: string[] = []
  const open = () => {
    const dir = copyTemplate(template)
    dirs.push(dir)
    return new PGlite(dir, { extensions })
  }
  const db = open()
  const factory = new PrismaPGlite(db)
  const shadows: InstanceType<typeof PGlite>[] = []
  factory.connectToShadowDb = async () => {
    const shadow = open()
    shadows.push(shadow)
    return new PrismaPGlite(shadow).connect()
  }
  const bound = bindMigrationAwareSqlAdapterFactory(factory)
  const files = [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }]
  type Engine = { diff(input: unknown): Promise<unknown>; free(): void }
  let engine: Engine | undefined
  try {
    engine = (await bg.SchemaEngine.new(
      { datamodels: files.map((f) => [f.path, f.content]) } as never,
      () => {},
      bound as never,
    )) as unknown as Engine
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationsList(migrationsDir) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    } as never)
    const sql = (result as { stdout?: string }).stdout ?? ''
    return { sql, inSync: (result as { exitCode?: number }).exitCode !== 2 }
  } catch (error) {
    const match = /External error id#(\d+)/.exec(String((error as Error)?.message))
    const inner = match ? bound.errorRegistry.consumeError(Number(match[1])) : undefined
    throw inner ? new Error(JSON.stringify(inner.error)) : error
  } finally {
    engine?.free()
    for (const shadow of shadows) if (!shadow.closed) await shadow.close()
    await db.close()
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql when the schema changed. */
export async function createMigration(
  name: string,
  options: { schemaPath?: string; migrationsDir?: string; now?: Date } = {},
): Promise<{ created: string | null }> {
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error('Migration name must be lower-case letters, digits and underscores, like add_invoice_notes')
  const schemaPath = path.resolve(options.schemaPath ?? DEFAULT_SCHEMA_PATH)
  const migrationsDir = path.resolve(options.migrationsDir ?? path.join(path.dirname(schemaPath), 'migrations'))
  const lock = path.join(migrationsDir, 'migration_lock.toml')
  if (!fs.existsSync(lock)) {
    fs.mkdirSync(migrationsDir, { recursive: true })
    fs.writeFileSync(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    )
  }
  const diff = await diffMigrationsToSchema({ schemaPath, migrationsDir })
  if (diff.inSync) return { created: null }
  const stamp = (options.now ?? new Date()).toISOString().replace(/\D/g, '').slice(0, 14)
  const dirName = `${stamp}_${name}`
  fs.mkdirSync(path.join(migrationsDir, dirName), { recursive: true })
  fs.writeFileSync(path.join(migrationsDir, dirName, 'migration.sql'), diff.sql)
  return { created: dirName }
}
