import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMigration, DEFAULT_SCHEMA_PATH, diffMigrationsToSchema } from './schema-diff'

const migrationsDir = path.join(path.dirname(DEFAULT_SCHEMA_PATH), 'migrations')

function copyProject(): { schemaPath: string; migrationsDir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-schema-'))
  fs.copyFileSync(DEFAULT_SCHEMA_PATH, path.join(dir, 'schema.prisma'))
  fs.cpSync(migrationsDir, path.join(dir, 'migrations'), { recursive: true })
  return { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') }
}

describe('schema drift check', () => {
  it('passes: schema.prisma and prisma/migrations agree', async () => {
    const diff = await diffMigrationsToSchema()
    expect(diff.sql).not.toMatch(/CREATE|ALTER|DROP/)
    expect(diff.inSync).toBe(true)
  })

  it('fails when schema.prisma gains a field without a migration, and a new migration fixes it', async () => {
    const project = copyProject()
    const schema = fs.readFileSync(project.schemaPath, 'utf8')
    fs.writeFileSync(project.schemaPath, schema.replace(/model Organization \{\n/, 'model Organization {\n  vatNumber String?\n'))

    const drift = await diffMigrationsToSchema(project)
    expect(drift.inSync).toBe(false)
    expect(drift.sql).toMatch(/ALTER TABLE "Organization" ADD COLUMN\s+"vatNumber" TEXT/)

    const { created } = await createMigration('add_vat_number', { ...project, now: new Date('2030-01-01T00:00:00Z') })
    expect(created).toBe('20300101000000_add_vat_number')
    expect(fs.readFileSync(path.join(project.migrationsDir, created!, 'migration.sql'), 'utf8')).toContain('"vatNumber"')
    expect((await diffMigrationsToSchema(project)).inSync).toBe(true)
    expect((await createMigration('again', project)).created).toBeNull()
  })

  it('refuses a migration name that is not lower_snake_case', async () => {
    await expect(createMigration('Add Stuff')).rejects.toThrow(/lower-case/)
  })
})
