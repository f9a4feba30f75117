/**
 * The sign-up wizard's state between steps: the app (asked first, only when the company sells
 * more than one), organization name and slug, then a plan of that app. It lives
 * in a cookie signed with AUTH_SECRET (so a reload, back and forward keep it, and nothing is
 * written to the database before the last step). Each step validates on the server.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { checkSlug } from '../orgs/check-slug'
import { organizationNameSchema } from '../orgs/create-organization'
import { SLUG_MESSAGES, slugify } from '../orgs/slug'
import { soldApps } from '../apps/catalog'
import type { AppDefinition } from '../apps/definition'
import { findPlan } from '../plans/catalog'
import { isSelfServe } from '../billing/start-subscription'
import { fieldErrorsOf } from '../http/result'

export const wizardStateSchema = z.object({
  appId: z.string().optional(),
  name: z.string().optional(),
  slug: z.string().optional(),
  planId: z.string().optional(),
})
export type WizardState = z.infer<typeof wizardStateSchema>

export const WIZARD_STEPS = ['account', 'app', 'organization', 'plan', 'review'] as const
export type WizardStep = (typeof WIZARD_STEPS)[number]

/** The steps this company's customers go through: no app step when it sells one app. */
export function wizardSteps(): WizardStep[] {
  return soldApps().length > 1 ? [...WIZARD_STEPS] : WIZARD_STEPS.filter((s) => s !== 'app')
}

/** The app the wizard is for: the one chosen (if it is still sold), or the only one sold. */
export function wizardApp(state: WizardState): AppDefinition | undefined {
  const sold = soldApps()
  if (sold.length === 1) return sold[0]
  return sold.find((a) => a.id === state.appId)
}

/** Step "app": one of the apps sold. Choosing another app forgets a plan of the former one. */
export function validateAppStep(input: unknown, state: WizardState): { appId: string; planId?: string } {
  const parsed = z.object({ appId: z.string().max(63) }).safeParse(input)
  const app = parsed.success ? soldApps().find((a) => a.id === parsed.data.appId) : undefined
  if (!app) throw new AppError('VALIDATION', 'Choose an app', { fieldErrors: { appId: ['Choose one of the apps shown'] } })
  const keep = state.planId && findPlan(state.planId)?.app === app.id ? state.planId : undefined
  return { appId: app.id, planId: keep }
}

function mac(payload: string): string {
  return crypto.createHmac('sha256', getEnv().AUTH_SECRET).update(`signup-wizard:${payload}`).digest('base64url')
}

export function sealWizardState(state: WizardState, userId: string): string {
  const payload = Buffer.from(JSON.stringify({ ...state, u: userId })).toString('base64url')
  return `${payload}.${mac(payload)}`
}

/** The state for this user, or an empty one when the cookie is missing, forged or someone else's. */
export function openWizardState(sealed: string | undefined, userId: string): WizardState {
  if (!sealed) return {}
  const [payload, signature] = sealed.split('.')
  if (!payload || !signature) return {}
  const expected = mac(payload)
  if (signature.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return {}
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as WizardState & { u?: string }
    if (data.u !== userId) return {}
    const parsed = wizardStateSchema.safeParse(data)
    return parsed.success ? parsed.data : {}
  } catch {
    return {}
  }
}

const organizationStep = z.object({
  name: organizationNameSchema,
  slug: z.string({ message: SLUG_MESSAGES.characters }).trim().max(200, SLUG_MESSAGES.tooLong).nullish(),
})

/** Step 2: a valid name and an available address (derived from the name when left empty). */
export async function validateOrganizationStep(input: unknown): Promise<{ name: string; slug: string }> {
  const parsed = organizationStep.safeParse(input)
  if (!parsed.success)
    throw new AppError('VALIDATION', 'Please correct the highlighted fields.', { fieldErrors: fieldErrorsOf(parsed.error) })
  const slug = parsed.data.slug || slugify(parsed.data.name)
  const check = await checkSlug(slug)
  if (!check.isAvailable)
    throw new AppError('VALIDATION', 'Please correct the highlighted fields.', {
      fieldErrors: { slug: [check.reason ?? 'This address is not available'] },
    })
  return { name: parsed.data.name, slug }
}

/** Step "plan": a self-serve plan of the wizard's app. */
export function validatePlanStep(input: unknown, state: WizardState): { planId: string } {
  const planId = z.object({ planId: z.string().max(63) }).safeParse(input)
  const plan = planId.success ? findPlan(planId.data.planId) : undefined
  const app = wizardApp(state)
  if (!app) throw new AppError('PRECONDITION_FAILED', 'Choose an app first')
  if (!plan || !isSelfServe(plan) || plan.app !== app.id)
    throw new AppError('VALIDATION', 'Choose a plan', { fieldErrors: { planId: ['Choose one of the plans shown'] } })
  return { planId: plan.id }
}

/** The first step whose data is missing (where a reload or a deep link lands). */
export function nextIncompleteStep(state: WizardState): 'app' | 'organization' | 'plan' | 'review' {
  if (!wizardApp(state)) return 'app'
  if (!state.name || !state.slug) return 'organization'
  if (!state.planId) return 'plan'
  return 'review'
}
