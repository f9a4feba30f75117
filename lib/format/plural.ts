/**
 * A count with its noun: plural(1, 'NetworkPolicy', 'NetworkPolicies') → "1 NetworkPolicy",
 * plural(4, 'NetworkPolicy', 'NetworkPolicies') → "4 NetworkPolicies", plural(2, 'CronJob') → "2 CronJobs".
 * Without `many`, the regular English plural of `one` (regularPlural). The count is written as is
 * (no thousands separator); `pluralize` gives the noun alone.
 */

/** The regular English plural: "day" → "days", "NetworkPolicy" → "NetworkPolicies", "Ingress" → "Ingresses". */
export function regularPlural(noun: string): string {
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`
  if (/(s|x|z|ch|sh)$/i.test(noun)) return `${noun}es`
  return `${noun}s`
}

/** The noun for the count: `one` for exactly 1, `many` otherwise (0 included). */
export function pluralize(count: number, one: string, many = regularPlural(one)): string {
  return count === 1 ? one : many
}

/** "1 hour", "2 hours", "0 CronJobs", "4 NetworkPolicies". */
export function plural(count: number, one: string, many = regularPlural(one)): string {
  return `${count} ${pluralize(count, one, many)}`
}
