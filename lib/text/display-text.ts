/**
 * The one rule for text that people read as a name (a person's, an organization's): it goes into
 * emails' subjects, the console and audit entries, so nothing in it may break a line or make it
 * render as something else. Refused: C0 and C1 controls (NUL, tab, newline…), the line and
 * paragraph separators, and the bidirectional controls — embeddings and overrides (U+202A–E),
 * isolates (U+2066–9) and the direction marks LRM, RLM and ALM (U+200E, U+200F, U+061C).
 */
export const DISGUISING_CHARACTERS = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u

const ALL_DISGUISING = new RegExp(DISGUISING_CHARACTERS.source, 'gu')

/** True when `text` holds a character of the rule above. */
export function hasDisguisingCharacters(text: string): boolean {
  return DISGUISING_CHARACTERS.test(text)
}

/**
 * A name that came from elsewhere (an OAuth provider's profile), made safe rather than refused:
 * NFC, each run of refused characters becomes one space, trimmed, at most `maxLength` code points;
 * undefined when nothing is left.
 */
export function cleanDisplayName(raw: string | null | undefined, maxLength: number): string | undefined {
  if (typeof raw !== 'string') return undefined
  const cleaned = raw.normalize('NFC').replace(ALL_DISGUISING, ' ').replace(/\s+/gu, ' ').trim()
  const bounded = [...cleaned].slice(0, maxLength).join('').trim()
  return bounded === '' ? undefined : bounded
}
