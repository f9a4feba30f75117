/**
 * Formatting for pages, components and emails: one framework-free module (no React, no Next), so
 * a page, a client component and an email template write the same value the same way.
 */
export { formatCents, formatDollars, formatMoney, formatPrice, formatRateCents, isKnownCurrency } from './money'
export { isoDay, isoMinute, isoSecond, longDate, longDateTime, monthYear } from './date'
export {
  approxDays,
  formatBinaryBytes,
  formatBytes,
  formatCpuHours,
  formatDaysUntilFull,
  formatGb,
  formatNumber,
  formatPercent,
  formatRatio,
  formatSeconds,
} from './quantity'
export { plural, pluralize, regularPlural } from './plural'
