// Every page and route handler of app/, read from the filesystem: what a test of "every route"
// iterates over, so a new file is tested the day it is added.
import fs from 'node:fs'
import path from 'node:path'

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

export interface AppRoute {
  /** `metadata`: a static metadata file Next serves as is at its own name (app/favicon.ico → /favicon.ico). */
  kind: 'page' | 'route' | 'metadata'
  /** Relative to the project, e.g. `app/api/orgs/[org]/name/route.ts`. */
  file: string
  /** The URL pattern, e.g. `/api/orgs/[org]/name` (route groups removed). */
  pattern: string
  /** Names of the dynamic segments, in order (`org`, `userId`). */
  params: string[]
  /** Route handlers: the HTTP methods the file exports. Pages and metadata files: GET. */
  methods: HttpMethod[]
}

/** A file Next serves that this module does not understand (metadata routes, unknown exports): tests fail on it. */
export interface UnknownRouteFile {
  file: string
  reason: string
}

const PAGE = /^page\.(tsx|ts|jsx|js|mdx)$/
const ROUTE = /^route\.(ts|js)$/
// Files Next turns into routes by convention besides page and route (metadata files).
const METADATA_ROUTE = /^(sitemap|robots|manifest|icon\d*|apple-icon\d*|opengraph-image\d*|twitter-image\d*|favicon)\.[a-z]+$/
// Of those, the static files (no code runs) at the top of app/: an icon or the favicon, served at its own file name
// (deeper, in a route group, Next adds a suffix to the name: not understood here).
const STATIC_METADATA = /^(icon\d*|apple-icon\d*|favicon)\.(ico|png|jpe?g|gif|svg)$/

export function listAppRoutes(appDir = path.resolve('app')): { routes: AppRoute[]; unknown: UnknownRouteFile[] } {
  const routes: AppRoute[] = []
  const unknown: UnknownRouteFile[] = []
  walk(appDir, [], routes, unknown, appDir)
  routes.sort((a, b) => a.pattern.localeCompare(b.pattern) || a.kind.localeCompare(b.kind))
  return { routes, unknown }
}

function walk(dir: string, segments: string[], routes: AppRoute[], unknown: UnknownRouteFile[], appDir: string) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    const file = path.relative(path.dirname(appDir), full).split(path.sep).join('/')
    if (entry.isDirectory()) {
      if (entry.name.startsWith('_')) continue // private folder: never routed
      if (/^\(.*\)$/.test(entry.name) || entry.name.startsWith('@'))
        walk(full, segments, routes, unknown, appDir) // group, slot
      else if (/^\(\.+\)/.test(entry.name)) unknown.push({ file, reason: 'intercepting route: not understood by e2e/app-routes.ts' })
      else walk(full, [...segments, entry.name], routes, unknown, appDir)
      continue
    }
    const pattern = '/' + segments.join('/')
    const params = segments.filter((s) => s.startsWith('[')).map((s) => s.replace(/^\[+(\.\.\.)?|\]+$/g, ''))
    if (PAGE.test(entry.name)) routes.push({ kind: 'page', file, pattern, params, methods: ['GET'] })
    else if (ROUTE.test(entry.name)) {
      const methods = exportedMethods(fs.readFileSync(full, 'utf8'))
      if (methods.length) routes.push({ kind: 'route', file, pattern, params, methods })
      else unknown.push({ file, reason: 'no exported HTTP method found (export const GET = … / export async function GET …)' })
    } else if (dir === appDir && STATIC_METADATA.test(entry.name))
      routes.push({ kind: 'metadata', file, pattern: `/${entry.name}`, params, methods: ['GET'] })
    else if (METADATA_ROUTE.test(entry.name)) unknown.push({ file, reason: 'metadata route: add a class for it in e2e/isolation.spec.ts' })
  }
}

/**
 * HTTP methods a route module exports: `export const GET`, `export async function GET`, `export const { GET, POST } = …`, `export { GET }`.
 */
export function exportedMethods(source: string): HttpMethod[] {
  const found = new Set<string>()
  for (const m of source.matchAll(/export\s+(?:const|let|var|(?:async\s+)?function)\s+([A-Z]+)\b/g)) found.add(m[1]!)
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}/g))
    for (const name of m[1]!.split(',')) found.add(name.split(':').pop()!.trim())
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const name of m[1]!.split(','))
      found.add(
        name
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      )
  return HTTP_METHODS.filter((method) => found.has(method))
}

/** `/api/orgs/[org]/members/[userId]` with values → `/api/orgs/acme/members/u1`; throws for a segment without a value. */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\[+(?:\.\.\.)?([^\]]+)\]+/g, (_whole, name: string) => {
    const value = values[name]
    if (value === undefined)
      throw new Error(`no test value for the dynamic segment [${name}] of ${pattern}: add one to the values of e2e/isolation.spec.ts`)
    return encodeURIComponent(value)
  })
}

/** Files in app/, components/ and lib/ that declare server actions ('use server'). */
export function serverActionFiles(dirs = ['app', 'components', 'lib']): string[] {
  const out: string[] = []
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'generated') visit(full)
      } else if (/\.(tsx?|jsx?)$/.test(entry.name) && /^\s*['"]use server['"]/m.test(fs.readFileSync(full, 'utf8')))
        out.push(full.split(path.sep).join('/'))
    }
  }
  for (const dir of dirs) visit(path.resolve(dir))
  return out.map((f) => path.relative(process.cwd(), f))
}

/** How an action is guarded (app/_server/action.ts): the factory that built it. */
export const ACTION_KINDS = ['publicAction', 'userAction', 'orgAction', 'adminAction'] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

export interface ServerActionExport {
  /** Relative to the project, e.g. `app/_actions/orgs/rename-organization.ts`. */
  file: string
  name: string
  kind: ActionKind
}

/**
 * Every server action of the app, read from the source: each `'use server'` file must live under
 * app/_actions/ and export only `export const x = <kind>({ … })` with a kind of ACTION_KINDS. Anything
 * else (a file elsewhere, an export built another way) is `unknown`, and the isolation spec fails on it.
 */
export function listServerActions(): { actions: ServerActionExport[]; unknown: UnknownRouteFile[] } {
  const actions: ServerActionExport[] = []
  const unknown: UnknownRouteFile[] = []
  for (const file of serverActionFiles()) {
    if (!file.startsWith('app/_actions/')) {
      unknown.push({ file, reason: "a 'use server' file outside app/_actions/: actions live there, one use case per file" })
      continue
    }
    const source = fs.readFileSync(path.resolve(file), 'utf8')
    const exports = [...source.matchAll(/^export\s+(?:async\s+)?(?:const|let|var|function)\s+(\w+)(?:\s*=\s*(\w+)\()?/gm)]
    if (!exports.length) unknown.push({ file, reason: 'no exported action found' })
    for (const [, name, kind] of exports) {
      if (ACTION_KINDS.includes(kind as ActionKind)) actions.push({ file, name: name!, kind: kind as ActionKind })
      else unknown.push({ file, reason: `export ${name} is not built by ${ACTION_KINDS.join(', ')} (app/_server/action.ts)` })
    }
    if (/^export\s*\{/m.test(source) || /^export\s+default/m.test(source))
      unknown.push({ file, reason: 're-exports and default exports are not understood' })
  }
  return { actions, unknown }
}
