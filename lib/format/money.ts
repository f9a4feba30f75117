/**
 * Money. Amounts are integer cents (minor units) everywhere; these turn them into text.
 * - `formatCents`: the ledger format of pages and invoices ("$1,234.56", "-$19.99", "EUR 1,234.56").
 * - `formatMoney`: the currency's own format and digits, as emails write it ("$1,234.56", "€0.00", "¥5,000").
 * - `formatDollars`: whole dollars for headline figures ("$1,235").
 * - `formatPrice`: a plan's monthly price ("$49", "$49.50", "$0", "Custom").
 * - `formatRateCents`: a usage rate that may be a fraction of a cent ("$0.12", "0.5¢").
 */

/** Integer cents as the ledger writes them: "$" for USD, the upper-case code and a space for any other currency. */
export function formatCents(cents: number, currency = 'usd'): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const symbol = currency === 'usd' ? '$' : `${currency.toUpperCase()} `
  return `${sign}${symbol}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`
}

/** Integer minor units (cents) in the currency's own format: 123456 USD → "$1,234.56", 5000 JPY → "¥5,000". */
export function formatMoney(cents: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() })
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(cents / 10 ** digits)
}

/** Cents rounded to whole US dollars, for headline figures (MRR, ARR): 123456 → "$1,235". */
export function formatDollars(cents: number): string {
  return (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
}

/** Whether Intl knows the three-letter currency code (what formatMoney needs). */
export function isKnownCurrency(currency: string): boolean {
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency })
    return true
  } catch {
    return false
  }
}

/** A plan's monthly price in dollars: whole dollars without cents, null = priced by contract. */
export function formatPrice(plan: { priceCents: number | null }): string {
  if (plan.priceCents === null) return 'Custom'
  if (plan.priceCents === 0) return '$0'
  return `$${(plan.priceCents / 100).toFixed(plan.priceCents % 100 === 0 ? 0 : 2)}`
}

/** A price per unit in cents, possibly fractional: a cent or more in dollars ("$0.10"), below a cent in cents ("0.5¢"). */
export function formatRateCents(cents: number | string): string {
  const value = Number(cents)
  return value / 100 >= 0.01 ? `$${(value / 100).toFixed(2)}` : `${cents}¢`
}
