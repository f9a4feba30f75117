/**
 * The HTML body: one centred card of tables with inline styles (what mail clients render
 * reliably), the preheader hidden at the top, the product name, the heading, paragraphs, a
 * details table, one button with its link written out, small print and a footer.
 */
import type { EmailContent, RenderContext } from './content'
import { html } from './html'

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"

/** Attributes of every layout table (markup: not escaped). */
const PRESENTATION = html`role="presentation" width="100%" cellpadding="0" cellspacing="0"`

// Inline styles (interpolated, hence escaped: they hold none of & < > " ').
const STYLE = {
  paragraph: 'padding:0 32px 16px;font-size:15px;line-height:24px;color:#334155;',
  detailsCell: 'padding:0 32px 16px;',
  detailsTable: 'border-collapse:collapse;font-size:14px;line-height:20px;',
  detailLabel: 'padding:6px 12px 6px 0;border-bottom:1px solid #e2e8f0;color:#64748b;white-space:nowrap;',
  detailValue: 'padding:6px 0;border-bottom:1px solid #e2e8f0;color:#0f172a;font-weight:600;',
  actionCell: 'padding:8px 32px 24px;',
  button:
    'display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-size:15px;font-weight:600;' +
    'line-height:20px;padding:12px 20px;border-radius:6px;',
  fallback: 'padding:0 32px 16px;font-size:13px;line-height:20px;color:#64748b;',
  fallbackLink: 'color:#4f46e5;word-break:break-all;',
  footnote: 'padding:8px 32px 24px;font-size:13px;line-height:20px;color:#64748b;border-top:1px solid #e2e8f0;',
  page: 'background:#f1f5f9;padding:24px 12px;font-family:',
  card: 'max-width:560px;background:#ffffff;border-radius:8px;border:1px solid #e2e8f0;',
  product: 'padding:24px 32px 8px;font-size:14px;font-weight:700;color:#4f46e5;',
  heading: 'margin:0;font-size:20px;line-height:28px;color:#0f172a;',
  footer: 'margin:16px 0 0;font-size:12px;line-height:18px;color:#94a3b8;',
} as const

/** The button, then its URL written out for clients that do not show buttons. */
function actionRows({ label, url }: { label: string; url: string }) {
  const link = html`<a href="${url}" style="${STYLE.fallbackLink}">${url}</a>`
  return html`<tr><td style="${STYLE.actionCell}"><a href="${url}" style="${STYLE.button}">${label}</a></td></tr>
<tr><td style="${STYLE.fallback}">If the button does not work, paste this link into your browser:<br>${link}</td></tr>`
}

export function composeHtml(content: EmailContent, subject: string, ctx: RenderContext): string {
  const paragraphs = content.paragraphs.map((p) => html`<tr><td style="${STYLE.paragraph}">${p}</td></tr>`)
  const details = content.details?.length
    ? html`<tr><td style="${STYLE.detailsCell}"><table ${PRESENTATION} style="${STYLE.detailsTable}">${content.details.map(
        ([label, value]) => html`<tr><td style="${STYLE.detailLabel}">${label}</td><td style="${STYLE.detailValue}">${value}</td></tr>`,
      )}</table></td></tr>`
    : null
  const action = content.action ? actionRows(content.action) : null
  const footnote = content.footnote ? html`<tr><td style="${STYLE.footnote}">${content.footnote}</td></tr>` : null
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="margin:0;padding:0;background:#f1f5f9;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${content.preheader}</div>
<table ${PRESENTATION} style="${STYLE.page}${FONT};">
<tr><td align="center">
<table ${PRESENTATION} style="${STYLE.card}">
<tr><td style="${STYLE.product}">${ctx.productName}</td></tr>
<tr><td style="padding:8px 32px 16px;"><h1 style="${STYLE.heading}">${content.heading}</h1></td></tr>
${paragraphs}
${details}
${action}
${footnote}
</table>
<p style="${STYLE.footer}">Sent by ${ctx.productName} &middot; <a href="${ctx.appUrl}" style="color:#94a3b8;">${ctx.appUrl}</a></p>
</td></tr>
</table>
</body>
</html>
`.value
}
