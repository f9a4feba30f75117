/**
 * Every email Tenancy sends, keyed by name (the registry), and renderTemplate. Each template
 * (one file beside this one) validates its data with zod and describes its content once
 * (heading, paragraphs, details, one action); the engine (../engine) turns that into the
 * subject, a plain-text body and simple inline-styled HTML. Every interpolated value goes
 * through the `html` tag, which escapes it: a template cannot forget.
 */
import type { z } from 'zod'
import type { RenderContext, RenderedEmail } from '../engine/content'
import { renderWithSchema, TemplateDataError, type Template } from '../engine/template'
import { instanceReady } from './instance-ready'
import { invitation } from './invitation'
import { invoiceIssued } from './invoice-issued'
import { dataExportReady } from './data-export-ready'
import { organizationDeletionNotice } from './organization-deletion-notice'
import { passwordReset } from './password-reset'
import { paymentFailed } from './payment-failed'
import { provisioningFailed } from './provisioning-failed'
import { signUpAttempted } from './sign-up-attempted'
import { storageWarning } from './storage-warning'
import { trialEnding } from './trial-ending'
import { trialExpired } from './trial-expired'
import { verifyEmail } from './verify-email'
import { welcome } from './welcome'

export { PRODUCT_NAME, type RenderContext, type RenderedEmail } from '../engine/content'
export { escapeHtml } from '../engine/html'
export { TemplateDataError } from '../engine/template'

export const templates = {
  welcome,
  'verify-email': verifyEmail,
  'password-reset': passwordReset,
  'sign-up-attempted': signUpAttempted,
  invitation,
  'instance-ready': instanceReady,
  'provisioning-failed': provisioningFailed,
  'trial-ending': trialEnding,
  'trial-expired': trialExpired,
  'payment-failed': paymentFailed,
  'storage-warning': storageWarning,
  'invoice-issued': invoiceIssued,
  'organization-deletion-notice': organizationDeletionNotice,
  'data-export-ready': dataExportReady,
} satisfies Record<string, Template<z.ZodType>>

export type TemplateName = keyof typeof templates

export const TEMPLATE_NAMES: readonly TemplateName[] = Object.freeze(Object.keys(templates) as TemplateName[])

/** What the caller passes for a template (dates may be Date objects or ISO strings). */
export type TemplateData<N extends TemplateName> = z.input<(typeof templates)[N]['schema']>

/**
 * Typed data when the template is known at compile time; any object when it is only known at
 * run time (a job event names it): renderTemplate validates either way.
 */
export type TemplateInput<N extends TemplateName> = [TemplateName] extends [N] ? Record<string, unknown> : TemplateData<N>

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name)
}

/** Validates the data with the template's schema, then renders subject, text and HTML. */
export function renderTemplate<N extends TemplateName>(name: N, data: TemplateInput<N>, ctx: RenderContext): RenderedEmail {
  if (!isTemplateName(name)) throw new TemplateDataError(String(name), { template: ['unknown email template'] })
  return renderWithSchema(name, templates[name] as unknown as Template<z.ZodType>, data, ctx)
}
