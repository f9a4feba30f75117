import { describe, expect, it } from 'vitest'
import { formatCents, formatDollars, formatMoney, formatPrice, formatRateCents, isKnownCurrency } from './money'

describe('formatCents (the ledger format of pages and invoices)', () => {
  it.each([
    [0, undefined, '$0.00'],
    [5, undefined, '$0.05'],
    [99, 'usd', '$0.99'],
    [123456, 'usd', '$1,234.56'],
    [123456789, 'usd', '$1,234,567.89'],
    [-1999, 'usd', '-$19.99'],
    [-5, 'usd', '-$0.05'],
    [123456, 'eur', 'EUR 1,234.56'],
    [-100, 'gbp', '-GBP 1.00'],
    // The code is compared as stored (lower case): upper-case USD is written as a code.
    [100, 'USD', 'USD 1.00'],
  ] as const)('%d %s → %s', (cents, currency, expected) => {
    expect(formatCents(cents, currency)).toBe(expected)
  })
})

describe('formatMoney (the currency’s own format, as emails write it)', () => {
  it('formats integer minor units in the currency', () => {
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56')
    expect(formatMoney(5, 'usd')).toBe('$0.05')
    expect(formatMoney(0, 'EUR')).toBe('€0.00')
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000')
    expect(formatMoney(-1999, 'USD')).toBe('-$19.99')
  })

  it.each([
    [5292, 'usd', '$52.92'],
    [123456789, 'EUR', '€1,234,567.89'],
    [99, 'GBP', '£0.99'],
    // Intl separates a currency code from the amount with a no-break space.
    [99, 'chf', 'CHF\u00a00.99'],
    [1234, 'KWD', 'KWD\u00a01.234'],
  ] as const)('%d %s → %s', (cents, currency, expected) => {
    expect(formatMoney(cents, currency)).toBe(expected)
  })

  it('knows which currency codes it can format', () => {
    expect(isKnownCurrency('USD')).toBe(true)
    expect(isKnownCurrency('JPY')).toBe(true)
    expect(isKnownCurrency('ZZZ1')).toBe(false)
  })
})

describe('formatDollars (headline figures)', () => {
  it.each([
    [0, '$0'],
    [4950, '$50'],
    [123456, '$1,235'],
    [1_234_567_800, '$12,345,678'],
  ] as const)('%d → %s', (cents, expected) => {
    expect(formatDollars(cents)).toBe(expected)
  })
})

describe('formatPrice (a plan’s monthly price)', () => {
  it.each([
    [null, 'Custom'],
    [0, '$0'],
    [4900, '$49'],
    [4950, '$49.50'],
    [4905, '$49.05'],
    [250000, '$2500'],
  ] as const)('%s → %s', (priceCents, expected) => {
    expect(formatPrice({ priceCents })).toBe(expected)
  })
})

describe('formatRateCents (a rate per unit, possibly below a cent)', () => {
  it.each([
    [12, '$0.12'],
    ['10', '$0.10'],
    [1, '$0.01'],
    [150.5, '$1.50'],
    ['0.5', '0.5¢'],
    ['0.0001', '0.0001¢'],
    [0, '0¢'],
  ] as const)('%s → %s', (cents, expected) => {
    expect(formatRateCents(cents)).toBe(expected)
  })
})
