/** Turns what a template says into the email: a one-line subject, the plain-text body and the HTML body. */
import type { EmailContent, RenderContext, RenderedEmail } from './content'
import { composeHtml } from './layout'
import { composeText } from './text'

export function compose(content: EmailContent, ctx: RenderContext): RenderedEmail {
  const subject = oneLine(content.subject)
  return { subject, text: composeText(content, ctx), html: composeHtml(content, subject, ctx) }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
