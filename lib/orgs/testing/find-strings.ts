/**
 * Where strings occur in the whole database, for the purge's tests: every column of every table of
 * the schema that can hold text (text, varchar, char, json, jsonb, arrays, and bytea, decompressed when
 * gzip) is searched, case-insensitively, so a table added later cannot hide personal data from the
 * check. Read through the migrator's connection (the tables' owner), which no row-level policy hides.
 */
import zlib from 'node:zlib'
import type { SqlConnection } from '../../db/sql'

export interface StringHit {
  table: string
  column: string
  needle: string
  /** The text around the match. */
  excerpt: string
}

const TEXT_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY']

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

function bytesToText(value: unknown): string {
  if (!(value instanceof Uint8Array)) return String(value)
  const bytes = Buffer.from(value)
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b
  return (isGzip ? zlib.gunzipSync(bytes) : bytes).toString('utf8')
}

export async function findStrings(sql: Pick<SqlConnection, 'query'>, needles: string[]): Promise<StringHit[]> {
  const wanted = [...new Set(needles.map((n) => n.toLowerCase()).filter(Boolean))]
  if (!wanted.length) return []
  const columns = await sql.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.table_name <> '_prisma_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  )
  const byTable = new Map<string, { text: string[]; bytes: string[] }>()
  for (const c of columns) {
    const entry = byTable.get(c.table_name) ?? { text: [], bytes: [] }
    if (TEXT_TYPES.includes(c.data_type)) entry.text.push(c.column_name)
    else if (c.data_type === 'bytea') entry.bytes.push(c.column_name)
    byTable.set(c.table_name, entry)
  }

  const hits: StringHit[] = []
  const record = (table: string, column: string, text: string) => {
    const lower = text.toLowerCase()
    for (const needle of wanted) {
      const at = lower.indexOf(needle)
      if (at >= 0) hits.push({ table, column, needle, excerpt: text.slice(Math.max(0, at - 60), at + needle.length + 60) })
    }
  }
  for (const [table, { text, bytes }] of byTable) {
    if (text.length) {
      const matches = text
        .map((c) => `EXISTS (SELECT 1 FROM unnest($1::text[]) AS n(v) WHERE strpos(lower(${quote(c)}::text), n.v) > 0)`)
        .join(' OR ')
      const rows = await sql.query<Record<string, string | null>>(
        `SELECT ${text.map((c) => `${quote(c)}::text AS ${quote(c)}`).join(', ')} FROM ${quote(table)} WHERE ${matches}`,
        [wanted],
      )
      for (const row of rows) for (const c of text) if (row[c] !== null && row[c] !== undefined) record(table, c, row[c]!)
    }
    for (const c of bytes) {
      const rows = await sql.query<Record<string, unknown>>(`SELECT ${quote(c)} AS v FROM ${quote(table)} WHERE ${quote(c)} IS NOT NULL`)
      for (const row of rows) record(table, c, bytesToText(row.v))
    }
  }
  return hits
}
