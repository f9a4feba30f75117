/**
 * A template is a zod schema for its data and a function from that data to EmailContent;
 * `renderWithSchema` validates the data (a mismatch is a TemplateDataError naming the fields)
 * and composes the email. The registry of every template is lib/notifications/templates/index.ts.
 */
import { z } from 'zod'
import { compose } from './compose'
import type { EmailContent, RenderContext, RenderedEmail } from './content'

export interface Template<S extends z.ZodType> {
  schema: S
  render(data: z.output<S>, ctx: RenderContext): RenderedEmail
}

export function defineTemplate<S extends z.ZodType>(
  schema: S,
  content: (data: z.output<S>, ctx: RenderContext) => EmailContent,
): Template<S> {
  return { schema, render: (data, ctx) => compose(content(data, ctx), ctx) }
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

/** Validates the data with the template's schema, then renders subject, text and HTML (the base URL without a trailing slash). */
export function renderWithSchema(name: string, template: Template<z.ZodType>, data: unknown, ctx: RenderContext): RenderedEmail {
  const parsed = template.schema.safeParse(data)
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error)
    throw new TemplateDataError(name, flat.formErrors.length ? { ...flat.fieldErrors, _data: flat.formErrors } : flat.fieldErrors)
  }
  return template.render(parsed.data, { appUrl: ctx.appUrl.replace(/\/$/, ''), productName: ctx.productName })
}
