// Page forms read from the HTML the server renders, the way a browser without JavaScript reads
// them. No Playwright here: e2e/forms.ts submits them through an APIRequestContext, bench/signup
// through fetch.

/** The five entities React writes into attribute values, and numeric references. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase()
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16))
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? whole
  })
}

/** The attributes of one start tag (`<input a="1" b>` → { a: '1', b: '' }), values decoded. */
function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (const [, name, doubleQuoted, singleQuoted, bare] of tag.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes[name!.toLowerCase()] = decodeEntities(doubleQuoted ?? singleQuoted ?? bare ?? '')
  }
  return attributes
}

/**
 * The hidden inputs of the page's `<form aria-label="formName">`, in document order: Next's and
 * React's server action fields ($ACTION_REF_1, $ACTION_1:0, $ACTION_1:1, $ACTION_KEY…) and ours
 * (`org`, `token`, `next`…). Throws when the page has no such form.
 */
export function hiddenFieldsOf(html: string, formName: string): [string, string][] {
  for (const match of html.matchAll(/<form\b[^>]*>/gi)) {
    if (attributesOf(match[0].slice('<form'.length))['aria-label'] !== formName) continue
    const start = match.index! + match[0].length
    const end = html.indexOf('</form>', start) // forms do not nest
    const body = html.slice(start, end < 0 ? undefined : end)
    const fields: [string, string][] = []
    for (const input of body.matchAll(/<input\b[^>]*>/gi)) {
      const attributes = attributesOf(input[0].slice('<input'.length))
      if (attributes.type?.toLowerCase() === 'hidden' && attributes.name !== undefined)
        fields.push([attributes.name, attributes.value ?? ''])
    }
    return fields
  }
  throw new Error(`no <form aria-label="${formName}"> on the page`)
}

/** The values of the page's hidden inputs named `name`, in document order (any form). */
export function hiddenValuesOf(html: string, name: string): string[] {
  return [...html.matchAll(/<input\b[^>]*>/gi)]
    .map((input) => attributesOf(input[0].slice('<input'.length)))
    .filter((attributes) => attributes.type?.toLowerCase() === 'hidden' && attributes.name === name)
    .map((attributes) => attributes.value ?? '')
}

/** The texts of the page's alerts (a refused submission says why there). */
export function alertsOf(html: string): string[] {
  return [...html.matchAll(/<[a-z]+\b[^>]*\brole="alert"[^>]*>([^<]*)</gi)].map((match) => decodeEntities(match[1]!))
}

/**
 * What a browser without JavaScript posts for the page's `<form aria-label="formName">`: its hidden
 * inputs, then `fields` (a field given here replaces a hidden one of the same name). Posted as
 * multipart/form-data to the page's URL, it runs the form's server action.
 */
export function formDataOf(html: string, formName: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData()
  for (const [name, value] of hiddenFieldsOf(html, formName)) if (!(name in fields)) form.append(name, value)
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  return form
}
