/** The plain-text body: heading, paragraphs, "label: value" details, the action's URL, small print and a signature. */
import type { EmailContent, RenderContext } from './content'

export function composeText(content: EmailContent, ctx: RenderContext): string {
  const blocks: string[] = [content.heading, ...content.paragraphs]
  if (content.details?.length) blocks.push(content.details.map(([label, value]) => `${label}: ${value}`).join('\n'))
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`)
  if (content.footnote) blocks.push(content.footnote)
  blocks.push(`-- \n${ctx.productName}\n${ctx.appUrl}`)
  return blocks.join('\n\n') + '\n'
}
