// Every page and route handler of app/, read from the filesystem: what a test of "every route"
// iterates over, so a new file is tested the day it is added.
import fs from 'node:fs'
import path from 'node:path'

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

export interface AppRoute {
  kind: 'page' | 'route'
  /** Relative to the project, e.g. `app/api/orgs/[org]/name/route.ts`. */
  file: string
  /** The URL pattern, e.g. `/api/orgs/[org]/name` (route groups removed). */
  pattern: string
  /** Names of the dynamic segments, in order (`org`, `userId`). */
  params: string[]
  /** Route handlers: the HTTP methods the file exports. Pages: GET. */
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
    } else if (METADATA_ROUTE.test(entry.name))
      unknown.push({ file, reason: 'metadata route: add a class for it in e2e/isolation.spec.ts' })
  }
}

/** HTTP methods a route module exports: `export const GET`, `export async function GET`, `export const { GET, POST } = …`, `export { GET }`. */
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
