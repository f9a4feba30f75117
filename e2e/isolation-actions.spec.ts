// Tenant isolation for every server action the app has, called over HTTP as React calls them (a
// POST with the `Next-Action` header and the arguments encoded by React's own encodeReply). The
// list comes from the source at run time (e2e/app-routes.ts listServerActions) and the ids from the
// production build's manifest, so an action added tomorrow is called tomorrow:
//   - orgAction: a member of organization A naming organization B gets NOT_FOUND, as does a visitor
//     without a session, and B is unchanged afterwards;
//   - adminAction: a tenant user and a visitor get NOT_FOUND;
//   - userAction: a visitor gets UNAUTHENTICATED;
//   - publicAction: an empty submission never answers INTERNAL.
// A positive control (A renames A through the same call) proves the call reaches the action, so a
// NOT_FOUND above is our guard answering, never Next failing to find the action.
import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { encodeReply } from 'next/dist/compiled/react-server-dom-webpack/client.node.js'
import { fillPattern, listServerActions, type ActionKind, type ServerActionExport } from './app-routes'
import { signUpWithOrganization, testClientIp, type ApiOwner } from './fixtures'

interface ManifestEntry {
  workers: Record<string, unknown>
  filename?: string
  exportedName?: string
}

/** The build's action ids by `file#export`, with a page that uses each (Next runs an action from its page). */
function actionIds(): Map<string, { id: string; page: string }> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, ManifestEntry>
  }
  const out = new Map<string, { id: string; page: string }>()
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers).find((w) => w.endsWith('/page'))
    if (!entry.filename || !entry.exportedName || !worker) continue
    const page =
      worker
        .replace(/^app/, '')
        .replace(/\/page$/, '')
        .replace(/\/\([^)]*\)/g, '') || '/'
    out.set(`${entry.filename}#${entry.exportedName}`, { id, page })
  }
  return out
}

type Outcome = { status: number; result?: { ok: boolean; code?: string; message?: string } }

/** Calls an action as the browser's React does and reads its result from the RSC response. */
async function callAction(
  request: APIRequestContext,
  target: { id: string; page: string },
  fields: Record<string, string>,
  pageValues: Record<string, string>,
) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  const body = (await encodeReply([null, form])) as FormData | string
  const response = await request.fetch(fillPattern(target.page, pageValues), {
    method: 'POST',
    headers: { 'next-action': target.id, accept: 'text/x-component' },
    maxRedirects: 0,
    ...(typeof body === 'string' ? { data: body } : { multipart: body }),
  })
  const text = await response.text()
  const outcome: Outcome = { status: response.status() }
  for (const line of text.split('\n')) {
    const json = /^[0-9a-f]+:(\{.*\})$/.exec(line)?.[1]
    if (!json) continue
    const value = JSON.parse(json) as Record<string, unknown>
    const result = (typeof value.a === 'object' && value.a !== null ? value.a : value) as Outcome['result']
    if (result && typeof result.ok === 'boolean') outcome.result = result
  }
  return outcome
}

/** Every field some action of ours reads, naming B where a field names an organization. */
function hijackFields(victim: ApiOwner): Record<string, string> {
  return {
    org: victim.slug,
    name: 'Pwned by A',
    slug: 'pwned-by-a',
    email: 'intruder@example.test',
    role: 'OWNER',
    userId: victim.userId,
    confirmation: victim.slug,
    domain: 'pwned.example',
    planId: 'free',
    toPlanId: 'pro',
    tenantId: 'anything',
    reason: 'isolation test',
  }
}

const EXPECTED: Record<ActionKind, { asOtherMember?: string; anonymous: string }> = {
  orgAction: { asOtherMember: 'NOT_FOUND', anonymous: 'NOT_FOUND' },
  adminAction: { asOtherMember: 'NOT_FOUND', anonymous: 'NOT_FOUND' },
  userAction: { anonymous: 'UNAUTHENTICATED' },
  publicAction: { anonymous: '(any but INTERNAL)' },
}

const { actions, unknown } = listServerActions()

let a: ApiOwner
let b: ApiOwner
let anonymous: APIRequestContext

test.beforeAll(async ({ playwright, baseURL }) => {
  a = await signUpWithOrganization(playwright, baseURL!, 'act-a')
  b = await signUpWithOrganization(playwright, baseURL!, 'act-b')
  anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL!, 'x-forwarded-for': testClientIp() } })
})
test.afterAll(async () => {
  await Promise.all([a?.request.dispose(), b?.request.dispose(), anonymous?.dispose()])
})

test('every server action is classified and built into a page', () => {
  expect(unknown, "'use server' files e2e/app-routes.ts does not understand").toEqual([])
  expect(actions.length).toBeGreaterThan(0)
  const ids = actionIds()
  const missing = actions.filter((action) => !ids.has(`${action.file}#${action.name}`)).map((action) => `${action.file}#${action.name}`)
  expect(missing, 'actions no page of the build uses (remove them, or the build is stale)').toEqual([])
})

test('the call reaches the action: a member of A renames A through it', async () => {
  const rename = actionIds().get('app/_actions/orgs/rename-organization.ts#renameOrganizationAction')
  expect(rename, 'the rename action is in the build').toBeTruthy()
  const outcome = await callAction(a.request, rename!, { org: a.slug, name: `${a.orgName} (renamed)` }, { org: a.slug })
  expect(outcome.result, JSON.stringify(outcome)).toMatchObject({ ok: true })
  expect(await (await a.request.get(`/${a.slug}/settings`)).text()).toContain(`${a.orgName} (renamed)`)
})

test('every action refuses another organization’s member and a visitor, and B is unchanged', async () => {
  test.setTimeout(120_000)
  const ids = actionIds()
  const failures: string[] = []
  const check = async (action: ServerActionExport, who: string, request: APIRequestContext, expected: string | undefined) => {
    if (!expected) return
    const outcome = await callAction(request, ids.get(`${action.file}#${action.name}`)!, hijackFields(b), { org: a.slug, id: 'anything' })
    const code = outcome.result?.ok === false ? outcome.result.code : outcome.result ? 'ok' : `no result (HTTP ${outcome.status})`
    const refused = expected === '(any but INTERNAL)' ? code !== 'INTERNAL' && outcome.status < 500 : code === expected
    if (!refused) failures.push(`${action.name} (${action.kind}, ${action.file}) as ${who}: ${code}, expected ${expected}`)
  }
  for (const action of actions) {
    await check(action, 'a member of another organization', a.request, EXPECTED[action.kind].asOtherMember)
    await check(action, 'a visitor without a session', anonymous, EXPECTED[action.kind].anonymous)
  }
  expect(failures).toEqual([])

  const settings = await (await b.request.get(`/${b.slug}/settings`)).text()
  expect(settings).toContain(b.orgName)
  expect(settings).not.toContain('Pwned')
  expect(settings).not.toContain('scheduled for deletion')
  const members = await (await b.request.get(`/${b.slug}/members`)).text()
  expect(members).toContain(b.email)
  expect(members).not.toContain('intruder@example.test')
  expect(members).not.toContain(a.email)
})
