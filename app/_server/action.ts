// Glue for server actions (page forms). Each `'use server'` file exports one action built here:
//   origin check → parse the form once with zod → authorize → ONE use-case call → typed result
// for `useActionState` (components/ui/action-form.tsx). The kind of action says who may call it:
//   publicAction  anyone (sign-in, sign-up, password reset): rate limits live in the use cases;
//   userAction    a signed-in user;
//   orgAction     a member of the organization named by the form's `org` field, else NOT_FOUND
//                 (the same answer for "no such organization" and "not yours"); roles in the use case;
//   adminAction   a super-admin who passed TOTP (else NOT_FOUND), through the read-only gate.
// Each kind also gives the use case its database scope (lib/db/scope.ts, row-level security): none
// for public actions, the user's for user actions, the organization's for organization actions,
// the system's for the console.
// A use case may `redirect()` (Next's redirect is rethrown untouched). On success the client router
// is refreshed, so the page shows the new state, with or without JavaScript.
import 'server-only'
import { refresh } from 'next/cache'
import { cookies, headers } from 'next/headers'
import { unstable_rethrow } from 'next/navigation'
import { z } from 'zod'
import type { AdminActor } from '@/lib/admin/admin-actor'
import type { AdminContext } from '@/lib/admin/admin-context'
import { authorizeAdminWrite } from '@/lib/admin/authorize-admin-write'
import { now as clockNow } from '@/lib/clock'
import { asSystem, withDbScope, type DbScope } from '@/lib/db'
import { AppError } from '@/lib/errors/app-error'
import { hasNul, rejectNul } from '@/lib/errors/input'
import { formDataToObject } from '@/lib/http/form-data'
import type { RequestContext } from '@/lib/http/request-context'
import { failure, type Result } from '@/lib/http/result'
import { log } from '@/lib/log/logger'
import { requireMembership, type OrgAccess } from '@/lib/orgs/authorize'
import { adminActorOf, BREAK_GLASS_COOKIE } from './admin-actor'
import { assertSameOriginHeaders } from './origin'
import { requestContext } from './request'
import { currentUser, type CurrentUser } from './session'

/** What an action answers: the use case's data, or why not — with the submitted values to refill the form. */
export type ActionResult<T = unknown> = Result<T> & { values?: Record<string, string> }

/** The signature `useActionState` calls: the previous result and the submitted form. */
export type FormAction<T = unknown> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>

/** Fields whose values never travel back to the browser. */
const SECRET_FIELD = /password|token|secret|code|confirmation/i

/** Form fields with Next's and React's own bookkeeping ($ACTION_…) left out. */
function fieldsOf(form: FormData): Record<string, unknown> {
  const fields = formDataToObject(form)
  for (const key of Object.keys(fields)) if (key.startsWith('$ACTION')) delete fields[key]
  return fields
}

function echo(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(fields)) if (typeof value === 'string' && !SECRET_FIELD.test(key)) out[key] = value
  return out
}

interface Definition<S extends z.ZodType, Who, T> {
  /** Names the action in logs. */
  name: string
  kind: 'public' | 'user' | 'org' | 'admin'
  input: S
  /** Who is acting, or AppError. Runs after the origin check, before parsing. */
  authorize: (fields: Record<string, unknown>, request: RequestContext) => Promise<Who>
  /** The database scope the use case runs in, from who acts. */
  scope: (who: Who) => DbScope
  run: (input: z.output<S>, who: Who & { request: RequestContext; now: Date }) => Promise<T>
}

/** Each action's name, kind and input schema, for the test that goes through every action (app/_actions/bad-input.int.test.ts). */
const definitions = new WeakMap<
  (previous: never, form: FormData) => Promise<unknown>,
  Pick<Definition<z.ZodType, unknown, unknown>, 'name' | 'kind' | 'input'>
>()
export const actionDefinition = (action: (previous: never, form: FormData) => Promise<unknown>) => definitions.get(action)

function defineFormAction<S extends z.ZodType, Who, T>(definition: Definition<S, Who, T>): FormAction<T> {
  const action: FormAction<T> = async (_previous, form) => {
    const fields = fieldsOf(form)
    let request: RequestContext | undefined
    try {
      const h = await headers()
      assertSameOriginHeaders(h)
      request = await requestContext()
      const context = request
      const who = await withDbScope({}, () => definition.authorize(fields, context))
      rejectNul(fields) // the database cannot hold a NUL: a field error, never a failed query (lib/errors/input.ts)
      const input = definition.input.parse(fields)
      const data = await withDbScope(definition.scope(who), () => definition.run(input, { ...who, request: context, now: clockNow() }))
      refresh()
      return { ok: true, data }
    } catch (error) {
      unstable_rethrow(error)
      const result = failure(error, log.child({ action: definition.name }), request?.requestId)
      return { ...result, values: echo(fields) }
    }
  }
  definitions.set(action, { name: definition.name, kind: definition.kind, input: definition.input })
  return action
}

/** The use case's call: the parsed input, who acts, the request, and `now` from the billing clock (lib/clock.ts). */
type Run<S extends z.ZodType, Who, T> = (input: z.output<S>, who: Who & { request: RequestContext; now: Date }) => Promise<T>

export function publicAction<S extends z.ZodType, T>(options: { name: string; input: S; run: Run<S, object, T> }): FormAction<T> {
  return defineFormAction({ ...options, kind: 'public', authorize: async () => ({}), scope: () => ({}) })
}

export function userAction<S extends z.ZodType, T>(options: { name: string; input: S; run: Run<S, { user: CurrentUser }, T> }) {
  return defineFormAction({
    ...options,
    kind: 'user',
    authorize: async () => {
      const user = await currentUser()
      if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first.')
      return { user }
    },
    scope: ({ user }) => ({ userId: user.id }),
  })
}

const orgField = z.object({
  org: z
    .string({ message: 'Organization not found' })
    .min(1, 'Organization not found')
    .refine((slug) => !hasNul(slug), 'Organization not found'),
})

export function orgAction<S extends z.ZodType, T>(options: {
  name: string
  input: S
  run: Run<S, OrgAccess & { user: CurrentUser }, T>
}): FormAction<T> {
  return defineFormAction({
    ...options,
    kind: 'org',
    authorize: async (fields) => {
      const user = await currentUser()
      const slug = orgField.safeParse(fields)
      if (!user || !slug.success) throw new AppError('NOT_FOUND', 'Organization not found')
      const access = await withDbScope({ userId: user.id }, () => requireMembership({ orgSlug: slug.data.org, userId: user.id }))
      return { user, ...access }
    },
    scope: ({ user, org }) => ({ orgId: org.id, userId: user.id }),
  })
}

/** The super-admin of an action (404 for anyone else), through the read-only gate for `operation`. */
async function requireAdminActor(request: RequestContext, operation: string | null): Promise<AdminActor> {
  const actor = adminActorOf(await currentUser(), request)
  if (operation === null) return actor
  const breakGlassToken = (await cookies()).get(BREAK_GLASS_COOKIE)?.value
  return authorizeAdminWrite({ actor, breakGlassToken, operation })
}

/**
 * A console write. `operation` names it in the break-glass audit entry; `null` is the read-only
 * switch itself and break-glass (never refused by read-only mode).
 */
export function adminAction<S extends z.ZodType, T>(options: {
  name: string
  operation: string | null
  input: S
  run: (input: z.output<S>, ctx: AdminContext) => Promise<T>
}): FormAction<T> {
  return defineFormAction({
    ...options,
    kind: 'admin',
    authorize: async (_fields, request) => ({ actor: await asSystem('console', () => requireAdminActor(request, options.operation)) }),
    scope: () => ({ system: { reason: `console: ${options.name}` } }),
  })
}
