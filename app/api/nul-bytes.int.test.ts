// Every route handler under app/api, found on disk, with a NUL byte (U+0000) in each text it reads:
// its query parameters, its JSON or form body (nested too), its path segments. PostgreSQL's text
// refuses a NUL; before the glue refused it (app/_server/route.ts: readJson and jsonRoute,
// lib/errors/input.ts) one that reached a query was a 500 — and in the audit export a 200 whose
// file ended after its header. Each must be 422 naming the field with a message a person can act
// on, or 404 for a path segment (nothing is named so), and nothing written. The routes that read no
// text a query or a write would carry are listed with why.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { NUL_MESSAGE } from '@/lib/errors/input'
import { createOrgWithOwner, createUser } from '@/lib/orgs/testing/fixtures'
import { expectFieldRefusal, rowCounts, WITH_NUL } from '@/lib/testing/bad-input'
import type { CallOptions, RouteClient, RouteHandler } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { GET as auditExport } from './admin/audit/export/route'
import { GET as invoicesExport } from './admin/invoices/export/route'
import { GET as dataExport } from './orgs/[org]/exports/[id]/route'
import { GET as manifests } from './orgs/[org]/instance/manifests/route'
import { GET as workloads } from './orgs/[org]/instance/workloads/route'
import { GET as provisioning } from './orgs/[org]/provisioning/route'
import { POST as changeSlug } from './orgs/[org]/slug/route'
import { GET as checkSlug } from './signup/check-slug/route'

const database = useTestDatabase()
const ESCAPED = encodeURIComponent(WITH_NUL) // nul%00byte, as it comes in a URL

/** Route files that read no text a query or a write would carry. */
const NO_TEXT: Record<string, string> = {
  'auth/oauth/[provider]/route.ts':
    '`next` only goes through safeNext into a sealed cookie; the provider is looked up in the configuration',
  'auth/oauth/[provider]/callback/route.ts': 'code and state are compared with the sealed cookie; every refusal is a redirect to /signin',
  'healthz/route.ts': 'no input',
  'readyz/route.ts': 'no input',
  'inngest/route.ts': "Inngest's signed requests, handled by its SDK",
  'signup/state/route.ts': 'no input',
  'webhooks/stripe/route.ts': 'signature-verified; only ids are taken from the payload, and the object is re-fetched',
  'webhooks/alertmanager/route.ts': 'bearer-authenticated; volumes are re-read from Prometheus',
}

type Row = { label: string; file: string; handler: RouteHandler; path: string; options: CallOptions; status: 404 | 422; field?: string }

const SLUG = 'nul-routes-org'
let client: RouteClient

beforeAll(async () => {
  const user = await createUser(database.db, { email: 'nul-routes@bad-input.test' })
  await database.db.user.update({ where: { id: user.id }, data: { isSuperAdmin: true, totpEnabledAt: new Date() } })
  client = await signedInClient(user.id, { mfa: true })
  await createOrgWithOwner(database.db, { slug: SLUG, owner: user })
})

function rows(): Row[] {
  const slug = SLUG
  const orgPaths: [string, RouteHandler, string][] = [
    ['orgs/[org]/provisioning/route.ts', provisioning, 'provisioning'],
    ['orgs/[org]/instance/workloads/route.ts', workloads, 'instance/workloads'],
    ['orgs/[org]/instance/manifests/route.ts', manifests, 'instance/manifests'],
  ]
  const auditFilters = ['action', 'actor', 'actorType', 'tenantId', 'orgId', 'from', 'to']
  return [
    {
      label: 'check-slug ?slug',
      file: 'signup/check-slug/route.ts',
      handler: checkSlug,
      path: '/api/signup/check-slug',
      options: { query: { slug: WITH_NUL } },
      status: 422,
      field: 'slug',
    },
    ...[
      { name: 'JSON slug', options: { json: { slug: WITH_NUL } }, field: 'slug' },
      { name: 'JSON, a nested field', options: { json: { slug: 'fine-slug', extra: { notes: ['ok', WITH_NUL] } } }, field: 'extra.notes' },
      { name: 'form slug', options: { raw: `slug=${ESCAPED}`, contentType: 'application/x-www-form-urlencoded' }, field: 'slug' },
    ].map(({ name, options, field }) => ({
      label: `slug change, ${name}`,
      file: 'orgs/[org]/slug/route.ts',
      handler: changeSlug as RouteHandler,
      path: `/api/orgs/${slug}/slug`,
      options: { ...options, params: { org: slug } },
      status: 422 as const,
      field,
    })),
    {
      label: 'slug change, the organization in the path',
      file: 'orgs/[org]/slug/route.ts',
      handler: changeSlug as RouteHandler,
      path: `/api/orgs/${ESCAPED}/slug`,
      options: { json: { slug: 'fine-slug' }, params: { org: WITH_NUL } },
      status: 404,
    },
    ...orgPaths.map(([file, handler, rest]) => ({
      label: `${rest}, the organization in the path`,
      file,
      handler,
      path: `/api/orgs/${ESCAPED}/${rest}`,
      options: { params: { org: WITH_NUL } },
      status: 404 as const,
    })),
    {
      label: 'data export, its id in the path',
      file: 'orgs/[org]/exports/[id]/route.ts',
      handler: dataExport as RouteHandler,
      path: `/api/orgs/${slug}/exports/${ESCAPED}`,
      options: { params: { org: slug, id: WITH_NUL } },
      status: 404,
    },
    {
      label: 'data export, the organization in the path',
      file: 'orgs/[org]/exports/[id]/route.ts',
      handler: dataExport as RouteHandler,
      path: `/api/orgs/${ESCAPED}/exports/x`,
      options: { params: { org: WITH_NUL, id: 'x' } },
      status: 404,
    },
    ...auditFilters.map((field) => ({
      label: `audit export ?${field}`,
      file: 'admin/audit/export/route.ts',
      handler: auditExport as RouteHandler,
      path: '/api/admin/audit/export',
      options: { query: { [field]: WITH_NUL } },
      status: 422 as const,
      field,
    })),
    ...['from', 'to'].map((field) => ({
      label: `invoices export ?${field}`,
      file: 'admin/invoices/export/route.ts',
      handler: invoicesExport as RouteHandler,
      path: '/api/admin/invoices/export',
      options: { query: { [field]: WITH_NUL } },
      status: 422 as const,
      field,
    })),
  ]
}

describe('a NUL byte in any text a route reads', () => {
  it('covers every route file (or says why it reads no such text)', () => {
    const here = import.meta.dirname
    const files = fs
      .readdirSync(here, { recursive: true, encoding: 'utf8' })
      .filter((file) => path.basename(file) === 'route.ts')
      .map((file) => file.split(path.sep).join('/'))
    const covered = new Set([...rows().map((r) => r.file), ...Object.keys(NO_TEXT)])
    expect(files.filter((file) => !covered.has(file))).toEqual([])
    expect([...covered].filter((file) => !files.includes(file))).toEqual([])
  })

  it.each(rows())('$label → $status, never 500, nothing written', async (row) => {
    const before = await rowCounts(database.db)
    const audit = await database.db.auditLog.count()
    const response = await client.call(row.handler, row.path, row.options)
    expect(response.status, JSON.stringify(response.body)).toBe(row.status)
    if (row.field) {
      expect(response.body.fieldErrors?.[row.field]).toContain(NUL_MESSAGE)
      expectFieldRefusal(response.body, row.field)
    } else expect(response.body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(await rowCounts(database.db)).toEqual(before)
    expect(await database.db.auditLog.count()).toBe(audit)
    expect(database.jobs.sent).toEqual([])
  })

  it('has every row once', () => {
    expect(rows()).toHaveLength(19)
    expect(new Set(rows().map((r) => r.label)).size).toBe(19)
  })
})
