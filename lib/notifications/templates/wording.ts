/** Wording the templates share. */

/** "Hi Ada," or, without a name, "Hi,". */
export function greeting(name: string | undefined): string {
  return name ? `Hi ${name},` : 'Hi,'
}
