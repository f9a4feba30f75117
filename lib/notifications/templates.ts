/**
 * Every email Tenancy sends, keyed by name. Each template validates its data with zod and
 * describes its content once (heading, paragraphs, details, one action); `compose` turns that
 * into the subject, a plain-text body and simple inline-styled HTML. Every interpolated value
 * goes through the `html` tag, which escapes it: a template cannot forget.
 */
import { z } from 'zod'
import { approxDays, formatBinaryBytes, formatMoney, formatPercent, isKnownCurrency, longDate, longDateTime, plural } from '../format'

export const PRODUCT_NAME = 'Tenancy'

export interface RenderContext {
  /** Absolute base URL of the application, without a trailing slash. */
  appUrl: string
  productName: string
}

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

/** What a template says; compose() renders it as text and HTML. Plain strings only, never markup. */
interface EmailContent {
  subject: string
  /** The preview line mail clients show after the subject. */
  preheader: string
  heading: string
  paragraphs: string[]
  details?: [label: string, value: string][]
  action?: { label: string; url: string }
  /** Small print under the action (why you got this, what to do if it was not you). */
  footnote?: string
}

// ---------------------------------------------------------------------------------------------
// Escaping

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/** Markup built by the `html` tag; interpolating it again does not escape it twice. */
class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

function interpolate(value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(interpolate).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeHtml(value)
}

/** Tagged template: literal parts are markup, every `${value}` is escaped (arrays joined). */
function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += interpolate(value) + (strings[i + 1] ?? '')
  })
  return new SafeHtml(out)
}

// ---------------------------------------------------------------------------------------------
// Layout

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"

function compose(content: EmailContent, ctx: RenderContext): RenderedEmail {
  const subject = oneLine(content.subject)
  return { subject, text: composeText(content, ctx), html: composeHtml(content, subject, ctx) }
}

function composeText(content: EmailContent, ctx: RenderContext): string {
  const blocks: string[] = [content.heading, ...content.paragraphs]
  if (content.details?.length) blocks.push(content.details.map(([label, value]) => `${label}: ${value}`).join('\n'))
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`)
  if (content.footnote) blocks.push(content.footnote)
  blocks.push(`-- \n${ctx.productName}\n${ctx.appUrl}`)
  return blocks.join('\n\n') + '\n'
}

function composeHtml(content: EmailContent, subject: string, ctx: RenderContext): string {
  const paragraphs = content.paragraphs.map(
    (p) => html`<tr><td style="padding:0 32px 16px;font-size:15px;line-height:24px;color:#334155;">${p}</td></tr>`,
  )
  const details = content.details?.length
    ? html`<tr><td style="padding:0 32px 16px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;line-height:20px;">${content.details.map(
        ([label, value]) =>
          html`<tr><td style="padding:6px 12px 6px 0;border-bottom:1px solid #e2e8f0;color:#64748b;white-space:nowrap;">${label}</td><td style="padding:6px 0;border-bottom:1px solid #e2e8f0;color:#0f172a;font-weight:600;">${value}</td></tr>`,
      )}</table></td></tr>`
    : null
  const action = content.action
    ? html`<tr><td style="padding:8px 32px 24px;"><a href="${content.action.url}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-size:15px;font-weight:600;line-height:20px;padding:12px 20px;border-radius:6px;">${content.action.label}</a></td></tr>
<tr><td style="padding:0 32px 16px;font-size:13px;line-height:20px;color:#64748b;">If the button does not work, paste this link into your browser:<br><a href="${content.action.url}" style="color:#4f46e5;word-break:break-all;">${content.action.url}</a></td></tr>`
    : null
  const footnote = content.footnote
    ? html`<tr><td style="padding:8px 32px 24px;font-size:13px;line-height:20px;color:#64748b;border-top:1px solid #e2e8f0;">${content.footnote}</td></tr>`
    : null
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="margin:0;padding:0;background:#f1f5f9;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${content.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9;padding:24px 12px;font-family:${FONT};">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;border:1px solid #e2e8f0;">
<tr><td style="padding:24px 32px 8px;font-size:14px;font-weight:700;color:#4f46e5;">${ctx.productName}</td></tr>
<tr><td style="padding:8px 32px 16px;"><h1 style="margin:0;font-size:20px;line-height:28px;color:#0f172a;">${content.heading}</h1></td></tr>
${paragraphs}
${details}
${action}
${footnote}
</table>
<p style="margin:16px 0 0;font-size:12px;line-height:18px;color:#94a3b8;">Sent by ${ctx.productName} &middot; <a href="${ctx.appUrl}" style="color:#94a3b8;">${ctx.appUrl}</a></p>
</td></tr>
</table>
</body>
</html>
`.value
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

// ---------------------------------------------------------------------------------------------
// Wording

const ROLE_LABEL = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' } as const

function greeting(name: string | undefined): string {
  return name ? `Hi ${name},` : 'Hi,'
}

// ---------------------------------------------------------------------------------------------
// Field schemas

const text = (max = 200) => z.string().trim().min(1).max(max)
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048)
/** A Date, or an ISO timestamp (what a date becomes in a job event's JSON). */
const date = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v))
const cents = z.number().int()
const currency = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{3}$/, 'must be a three-letter ISO currency code')
  .transform((v) => v.toUpperCase())
  .refine(isKnownCurrency, 'is not a known currency')
const role = z.enum(['OWNER', 'ADMIN', 'MEMBER'])

// ---------------------------------------------------------------------------------------------
// Templates

interface Template<S extends z.ZodType> {
  schema: S
  render(data: z.output<S>, ctx: RenderContext): RenderedEmail
}

function defineTemplate<S extends z.ZodType>(schema: S, content: (data: z.output<S>, ctx: RenderContext) => EmailContent): Template<S> {
  return { schema, render: (data, ctx) => compose(content(data, ctx), ctx) }
}

export const templates = {
  welcome: defineTemplate(z.object({ name: text().optional(), url: httpUrl }), (d, ctx) => ({
    subject: `Welcome to ${ctx.productName}`,
    preheader: 'Your account is ready. Here is where to start.',
    heading: `Welcome to ${ctx.productName}`,
    paragraphs: [
      greeting(d.name),
      `Your account is ready. Pick a plan and name your organization, and ${ctx.productName} will set up your own instance in a few minutes.`,
    ],
    action: { label: 'Open your dashboard', url: d.url },
  })),

  'verify-email': defineTemplate(
    z.object({ url: httpUrl, name: text().optional(), expiresInHours: z.number().int().positive().optional() }),
    (d, ctx) => ({
      subject: `Verify your email for ${ctx.productName}`,
      preheader: 'Confirm your email address to finish signing up.',
      heading: 'Confirm your email address',
      paragraphs: [
        greeting(d.name),
        `Confirm that this is your email address to finish setting up your ${ctx.productName} account.` +
          (d.expiresInHours ? ` The link expires in ${plural(d.expiresInHours, 'hour')}.` : ''),
      ],
      action: { label: 'Verify email address', url: d.url },
      footnote: `If you did not sign up for ${ctx.productName}, you can ignore this email.`,
    }),
  ),

  'password-reset': defineTemplate(
    z.object({ url: httpUrl, name: text().optional(), expiresInMinutes: z.number().int().positive().optional() }),
    (d, ctx) => ({
      subject: `Reset your ${ctx.productName} password`,
      preheader: 'Use this link to choose a new password.',
      heading: 'Reset your password',
      paragraphs: [
        greeting(d.name),
        'Someone asked to reset the password of your account. Choose a new one with the link below.' +
          (d.expiresInMinutes ? ` It expires in ${plural(d.expiresInMinutes, 'minute')} and works once.` : ' It works once.'),
      ],
      action: { label: 'Choose a new password', url: d.url },
      footnote: 'If you did not ask for this, ignore this email: your password stays as it is.',
    }),
  ),

  invitation: defineTemplate(z.object({ orgName: text(), inviterName: text(), role, url: httpUrl, expiresAt: date }), (d, ctx) => ({
    subject: `${d.inviterName} invited you to ${d.orgName} on ${ctx.productName}`,
    preheader: `Join ${d.orgName} as ${ROLE_LABEL[d.role].toLowerCase()}.`,
    heading: `Join ${d.orgName}`,
    paragraphs: [`${d.inviterName} invited you to join ${d.orgName} on ${ctx.productName} as ${ROLE_LABEL[d.role].toLowerCase()}.`],
    details: [
      ['Organization', d.orgName],
      ['Role', ROLE_LABEL[d.role]],
      ['Expires', longDateTime(d.expiresAt)],
    ],
    action: { label: 'Accept invitation', url: d.url },
    footnote: 'If you were not expecting this invitation, you can ignore this email.',
  })),

  'instance-ready': defineTemplate(
    z.object({ orgName: text(), instanceUrl: httpUrl, planName: text().optional(), dashboardUrl: httpUrl.optional() }),
    (d, ctx) => ({
      subject: `Your instance for ${d.orgName} is ready`,
      preheader: `It is running at ${d.instanceUrl}.`,
      heading: 'Your instance is ready',
      paragraphs: [
        `The instance of ${d.orgName} is up and running.`,
        `Sign in with the administrator credentials shown in your ${ctx.productName} dashboard when provisioning finished. For your security they are never sent by email.`,
      ],
      details: [['Address', d.instanceUrl], ...(d.planName ? ([['Plan', d.planName]] as [string, string][]) : [])],
      action: { label: 'Open your instance', url: d.instanceUrl },
      footnote: `Status, storage and usage are on your dashboard: ${d.dashboardUrl ?? ctx.appUrl}`,
    }),
  ),

  'provisioning-failed': defineTemplate(
    z.object({ orgName: text(), url: httpUrl, reason: text(500).nullable().optional(), isRetrying: z.boolean().default(false) }),
    (d) => ({
      subject: `We could not set up the instance for ${d.orgName}`,
      preheader: d.isRetrying ? 'We are retrying automatically.' : 'Our team has been notified.',
      heading: 'Setting up your instance failed',
      paragraphs: [
        `Something went wrong while setting up the instance of ${d.orgName}.` + (d.reason ? ` ${d.reason}` : ''),
        d.isRetrying
          ? 'We are retrying automatically and will email you when it is ready. You do not need to do anything.'
          : 'Our team has been notified and will look into it. You can follow the progress on the status page.',
      ],
      action: { label: 'See provisioning status', url: d.url },
    }),
  ),

  'trial-ending': defineTemplate(
    z.object({ orgName: text(), planName: text(), daysLeft: z.number().int().min(0), url: httpUrl, trialEndsAt: date.optional() }),
    (d) => {
      const when = d.daysLeft === 0 ? 'today' : d.daysLeft === 1 ? 'tomorrow' : `in ${d.daysLeft} days`
      return {
        subject: `Your ${d.planName} trial ends ${when}`,
        preheader: `Add a payment method to keep ${d.orgName} running.`,
        heading: `Your trial ends ${when}`,
        paragraphs: [
          `The ${d.planName} trial of ${d.orgName} ends ${when}${d.trialEndsAt ? ` (${longDate(d.trialEndsAt)})` : ''}.`,
          'Add a payment method to keep your instance running without interruption. Without one, the instance is suspended when the trial ends; your data is kept.',
        ],
        action: { label: 'Add a payment method', url: d.url },
      }
    },
  ),

  'trial-expired': defineTemplate(
    z.object({ orgName: text(), planName: text(), url: httpUrl, dataRetainedUntil: date.nullable().optional() }),
    (d) => ({
      subject: `Your ${d.planName} trial has ended`,
      preheader: `The instance of ${d.orgName} is suspended.`,
      heading: 'Your trial has ended',
      paragraphs: [
        `The ${d.planName} trial of ${d.orgName} has ended and its instance is suspended.`,
        'Your data is safe. Choose a plan and add a payment method to resume the instance where you left off.' +
          (d.dataRetainedUntil ? ` We keep the data until ${longDate(d.dataRetainedUntil)}.` : ''),
      ],
      action: { label: 'Choose a plan', url: d.url },
    }),
  ),

  'payment-failed': defineTemplate(
    z.object({
      orgName: text(),
      amountCents: cents.min(0),
      currency,
      url: httpUrl,
      invoiceNumber: text(64).optional(),
      nextAttemptAt: date.nullable().optional(),
      graceEndsAt: date.nullable().optional(),
    }),
    (d) => {
      const amount = formatMoney(d.amountCents, d.currency)
      return {
        subject: `Payment of ${amount} for ${d.orgName} failed`,
        preheader: 'Update your payment method to avoid interruption.',
        heading: 'Your payment failed',
        paragraphs: [
          `We could not collect ${amount} for ${d.orgName}${d.invoiceNumber ? ` (invoice ${d.invoiceNumber})` : ''}.` +
            (d.nextAttemptAt ? ` We will try again on ${longDate(d.nextAttemptAt)}.` : ''),
          d.graceEndsAt
            ? `Please update your payment method before ${longDate(d.graceEndsAt)}. After that the instance becomes read-only, then it is suspended.`
            : 'Please update your payment method to avoid any interruption of your instance.',
        ],
        details: [['Amount due', amount], ...(d.invoiceNumber ? ([['Invoice', d.invoiceNumber]] as [string, string][]) : [])],
        action: { label: 'Update payment method', url: d.url },
      }
    },
  ),

  'storage-warning': defineTemplate(
    z.object({
      orgName: text(),
      volume: text(253),
      percentUsed: z.number().min(0).max(1000),
      level: z.enum(['warning', 'critical']),
      daysUntilFull: z.number().min(0).nullable(),
      usedBytes: z.number().min(0).optional(),
      capacityBytes: z.number().positive().optional(),
      url: httpUrl,
    }),
    (d) => {
      const percent = formatPercent(d.percentUsed)
      const forecast = d.daysUntilFull === null ? null : `At the current rate it will be full in ${approxDays(d.daysUntilFull)}.`
      const details: [string, string][] = [
        ['Volume', d.volume],
        [
          'Used',
          d.usedBytes !== undefined && d.capacityBytes
            ? `${formatBinaryBytes(d.usedBytes)} of ${formatBinaryBytes(d.capacityBytes)} (${percent})`
            : percent,
        ],
      ]
      if (d.daysUntilFull !== null) details.push(['Full in', approxDays(d.daysUntilFull)])
      return {
        subject: `${d.level === 'critical' ? 'Critical: s' : 'S'}torage of ${d.orgName} is ${percent} full`,
        preheader: `Volume ${d.volume} is ${percent} full.`,
        heading: d.level === 'critical' ? 'Storage is almost full' : 'Storage is filling up',
        paragraphs: [
          `The volume ${d.volume} of ${d.orgName} is ${percent} full.` + (forecast ? ` ${forecast}` : ''),
          d.level === 'critical'
            ? 'When it is full, the instance can no longer write data. Free up space or move to a plan with more storage now.'
            : 'Free up space or move to a plan with more storage before it runs out.',
        ],
        details,
        action: { label: 'See storage', url: d.url },
      }
    },
  ),

  'invoice-issued': defineTemplate(
    z.object({
      orgName: text(),
      number: text(64),
      totalCents: cents,
      currency,
      url: httpUrl,
      periodStart: date.optional(),
      periodEnd: date.optional(),
      dueAt: date.nullable().optional(),
    }),
    (d) => {
      const total = formatMoney(d.totalCents, d.currency)
      const details: [string, string][] = [
        ['Invoice', d.number],
        ['Total', total],
      ]
      if (d.periodStart && d.periodEnd) details.push(['Period', `${longDate(d.periodStart)} – ${longDate(d.periodEnd)}`])
      if (d.dueAt) details.push(['Due', longDate(d.dueAt)])
      return {
        subject: `Invoice ${d.number} for ${d.orgName}: ${total}`,
        preheader: `Your invoice of ${total} is available.`,
        heading: `Invoice ${d.number}`,
        paragraphs: [`A new invoice of ${total} for ${d.orgName} is available.`],
        details,
        action: { label: 'View invoice', url: d.url },
      }
    },
  ),
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

/** Template data that does not match its schema: a bug in the caller, named field by field. */
export class TemplateDataError extends Error {
  constructor(
    readonly template: string,
    readonly fieldErrors: Record<string, string[]>,
  ) {
    super(
      `Invalid data for email template "${template}": ${Object.entries(fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ')}`,
    )
    this.name = 'TemplateDataError'
  }
}

/** Validates the data with the template's schema, then renders subject, text and HTML. */
export function renderTemplate<N extends TemplateName>(name: N, data: TemplateInput<N>, ctx: RenderContext): RenderedEmail {
  if (!isTemplateName(name)) throw new TemplateDataError(String(name), { template: ['unknown email template'] })
  const template = templates[name] as unknown as Template<z.ZodType>
  const parsed = template.schema.safeParse(data)
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error)
    throw new TemplateDataError(name, flat.formErrors.length ? { ...flat.fieldErrors, _data: flat.formErrors } : flat.fieldErrors)
  }
  return template.render(parsed.data, { appUrl: ctx.appUrl.replace(/\/$/, ''), productName: ctx.productName })
}
