/**
 * HTML escaping for emails. Literal parts of an `html` template are markup; every interpolated
 * `${value}` is escaped (arrays are joined, null/undefined/false render nothing), so a template
 * cannot forget to escape what a user typed. Markup built by `html` is not escaped twice.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/** Markup built by the `html` tag; interpolating it again does not escape it twice. */
export class SafeHtml {
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
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += interpolate(value) + (strings[i + 1] ?? '')
  })
  return new SafeHtml(out)
}
