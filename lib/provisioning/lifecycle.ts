/**
 * The tenant lifecycle: which actions each state of an instance allows, and why not. The one
 * source for the console's use cases, billing's bridge to provisioning, the customer's own
 * actions and every page that enables or disables a button for them.
 *
 *   PENDING → PROVISIONING → ACTIVE ⇄ UPDATING        ACTIVE/UPDATING/FAILED → SUSPENDED → ACTIVE
 *                  ↘ FAILED → (retry) PENDING          any settled state → DEPROVISIONING → DEPROVISIONED
 */
import type { TenantState } from '../db'
import { AppError } from '../errors/app-error'

export type TenantAction =
  /** A super-admin scales the instance to zero. */
  | 'suspend'
  /** A super-admin restores a suspended instance. */
  | 'resume'
  /** A super-admin moves the instance to another plan. */
  | 'change-plan'
  /** Owners, admins or a super-admin start a new provisioning run. */
  | 'retry'
  /** A super-admin removes the instance and its data. */
  | 'deprovision'
  /** Owners and admins set or remove the custom domain. */
  | 'change-domain'
  /** Owners and admins read the first admin password, once. */
  | 'reveal-credentials'
  /** Billing suspends for non-payment, trial expiry, cancellation or a pause. */
  | 'billing-suspend'
  /** Billing resumes what it suspended. */
  | 'billing-resume'
  /** Billing follows a subscription's plan change. */
  | 'billing-change-plan'

interface Rule {
  states: readonly TenantState[]
  /** Why not, for a state outside `states`. */
  refusal: (state: TenantState) => string
}

const named = (state: TenantState) => `The instance is ${state.toLowerCase()}`

const RULES: Record<TenantAction, Rule> = {
  suspend: {
    states: ['ACTIVE', 'UPDATING', 'FAILED'],
    refusal: (s) => `${named(s)}; only a running (or failed) instance can be suspended`,
  },
  resume: { states: ['SUSPENDED'], refusal: (s) => `${named(s)}; only a suspended instance can be resumed` },
  'change-plan': {
    states: ['ACTIVE', 'SUSPENDED'],
    refusal: (s) => `${named(s)}; change the plan of a running or suspended instance`,
  },
  retry: { states: ['FAILED'], refusal: (s) => `${named(s)}; only a failed instance can be retried` },
  deprovision: {
    states: ['ACTIVE', 'UPDATING', 'SUSPENDED', 'FAILED'],
    refusal: (s) => `${named(s)}; it cannot be deprovisioned now`,
  },
  'change-domain': {
    states: ['ACTIVE', 'SUSPENDED'],
    refusal: (s) => `${named(s)}; change the domain once it is ready`,
  },
  'reveal-credentials': { states: ['ACTIVE'], refusal: (s) => `${named(s)}; the credentials are shown once it is ready` },
  // Billing never waits on a run that has not started: a pending instance is provisioned (or not) by
  // the checkout that created it, and picks up the subscription's plan and state when it runs.
  'billing-suspend': {
    states: ['PROVISIONING', 'ACTIVE', 'UPDATING', 'FAILED'],
    refusal: (s) => `${named(s)}; billing has nothing to suspend`,
  },
  'billing-resume': { states: ['SUSPENDED'], refusal: (s) => `${named(s)}; billing has nothing to resume` },
  'billing-change-plan': {
    states: ['PROVISIONING', 'ACTIVE', 'UPDATING', 'SUSPENDED', 'FAILED'],
    refusal: (s) => `${named(s)}; its plan follows the subscription when it is provisioned`,
  },
}

export type Decision = { allowed: true } | { allowed: false; reason: string }

/** Whether `action` may run on an instance in `state`, and why not. */
export function decide(action: TenantAction, state: TenantState): Decision {
  const rule = RULES[action]
  return rule.states.includes(state) ? { allowed: true } : { allowed: false, reason: rule.refusal(state) }
}

export function isAllowed(action: TenantAction, state: TenantState): boolean {
  return RULES[action].states.includes(state)
}

/** The states in which `action` may run (for conditional updates: `where: { state: { in: … } }`). */
export function statesAllowing(action: TenantAction): TenantState[] {
  return [...RULES[action].states]
}

/** Throws CONFLICT with the reason when `action` may not run in `state`. */
export function assertAllowed(action: TenantAction, state: TenantState): void {
  const decision = decide(action, state)
  if (!decision.allowed) throw new AppError('CONFLICT', decision.reason)
}

/** Every action's decision for an instance in `state`: what a page needs to enable its buttons. */
export function decisionsFor<A extends TenantAction>(state: TenantState, actions: readonly A[]): Record<A, Decision> {
  return Object.fromEntries(actions.map((action) => [action, decide(action, state)])) as Record<A, Decision>
}

/** States that no longer count as the organization's instance. */
export const GONE_STATES: readonly TenantState[] = ['DEPROVISIONING', 'DEPROVISIONED']
/** States of an instance on its way to its first start: its progress page follows them live. */
export const STARTING_STATES: readonly TenantState[] = ['PENDING', 'PROVISIONING']
