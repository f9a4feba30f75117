/**
 * The scope of the database work in progress: whose rows row-level security lets through
 * (prisma/migrations/…_row_level_security). The entry points set it — an organization's action,
 * route or page its organization and user, a signed-in user's their user, the console, jobs,
 * webhooks and scripts the system — and the client (./client.ts) puts it into every transaction
 * that touches an organization's tables, as `SET LOCAL` settings and the role tenancy_app.
 *
 * Work outside any scope sees no organization's rows: forgetting to set one fails closed.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export interface DbScope {
  /** Every organization's rows: jobs, the console, webhooks, scripts. Say why in `reason`. */
  readonly system?: { readonly reason: string }
  readonly orgId?: string
  readonly userId?: string
}

/** The role the application's queries on organization tables run as (no BYPASSRLS). */
export const APP_ROLE = 'tenancy_app'

/** Prisma models under row-level security; a query on any other model needs no scope. */
export const SCOPED_MODELS: ReadonlySet<string> = new Set([
  'Organization',
  'Membership',
  'Invitation',
  'Subscription',
  'PlanPeriod',
  'Invoice',
  'InvoiceLine',
  'Tenant',
  'ProvisioningRun',
  'ProvisioningStep',
  'UsageSample',
  'StorageAlert',
  'NotificationOutbox',
  'AuditLog',
  'DataExport',
  'DataExportChunk',
])

/** A scope that lives as long as one render of a page (app/_server/page-scope.ts), when no call set one. */
type AmbientScope = () => DbScope | undefined

// On globalThis, like the client (./client.ts): Next's server bundles may each load this module, and
// a scope set through one copy must be the scope the client of another copy reads.
const KEY = Symbol.for('tenancy.db.scope')
const state: { storage: AsyncLocalStorage<DbScope>; ambient?: AmbientScope; fallback?: DbScope } = ((
  globalThis as Record<symbol, typeof state>
)[KEY] ??= { storage: new AsyncLocalStorage<DbScope>() })
const storage = state.storage

/**
 * Runs fn with the database scope `scope` (nested calls replace it for their duration). Awaited
 * inside: Prisma's queries are lazy and run when awaited, which must happen within the scope.
 */
export function withDbScope<T>(scope: DbScope, fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(scope, async () => await fn())
}

/** Runs fn as the system: every organization's rows. For jobs, the console, webhooks and scripts. */
export function asSystem<T>(reason: string, fn: () => T | PromiseLike<T>): Promise<T> {
  return withDbScope({ system: { reason } }, fn)
}

/** The scope of the work in progress: the innermost withDbScope, else the page's, else the fallback. */
export function currentDbScope(): DbScope | undefined {
  return storage.getStore() ?? state.ambient?.() ?? state.fallback
}

/** Installs the per-render scope of pages (app/_server/page-scope.ts). */
export function setAmbientDbScope(ambient: AmbientScope | undefined): void {
  state.ambient = ambient
}

/**
 * The scope of work outside any entry point. Undefined in the application (fails closed); the
 * test harness sets the system, so that fixtures are written and read without ceremony while the
 * code under test runs in the scope its entry point gives it.
 */
export function setFallbackDbScope(scope: DbScope | undefined): void {
  state.fallback = scope
}

/** The settings of one transaction: `SELECT set_config(…)` parameters, in this order. */
export function scopeSettings(scope: DbScope | undefined): [role: string, system: string, orgId: string, userId: string] {
  return [APP_ROLE, scope?.system ? 'on' : '', scope?.orgId ?? '', scope?.userId ?? '']
}

/**
 * The system's transactions keep the login's role (`none`: no SET ROLE): as the tables' owner, the
 * policies do not apply and indexes serve the console's searches (a policy makes PostgreSQL keep
 * non-leakproof operators such as ILIKE out of index scans: 30 ms became 300 ms at 100,000
 * tenants). The system sees every organization either way; a login that is not the owner still
 * reads through the policies, with `tenancy.system` on. Every other scope runs as tenancy_app.
 */
export const SCOPE_SQL =
  "SELECT set_config('role', CASE WHEN $2 = 'on' THEN 'none' ELSE $1 END, true), set_config('tenancy.system', $2, true), " +
  "set_config('tenancy.org_id', $3, true), set_config('tenancy.user_id', $4, true)"
