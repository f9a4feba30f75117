/**
 * Dates, always in UTC (pages are rendered on the server and emails do not know the reader's
 * time zone). Inputs are Dates or ISO timestamps.
 * - `isoDay` "2027-03-12" · `isoMinute` "2027-03-12 14:00" · `isoSecond` "2027-03-12 14:00:05": tables and details.
 * - `monthYear` "March 2027": an invoice period.
 * - `longDate` "March 12, 2027" · `longDateTime` "March 12, 2027 at 2:00 PM UTC": emails.
 */

type DateInput = Date | string

const toDate = (value: DateInput): Date => (typeof value === 'string' ? new Date(value) : value)

/** The UTC day: "2027-03-12". */
export function isoDay(value: DateInput): string {
  return toDate(value).toISOString().slice(0, 10)
}

/** The UTC day and minute: "2027-03-12 14:00" (callers add " UTC" where the column does not say it). */
export function isoMinute(value: DateInput): string {
  return toDate(value).toISOString().replace('T', ' ').slice(0, 16)
}

/** The UTC day and second: "2027-03-12 14:00:05". */
export function isoSecond(value: DateInput): string {
  return toDate(value).toISOString().replace('T', ' ').slice(0, 19)
}

const MONTH_YEAR = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const LONG_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })
const LONG_DATE_TIME = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })

/** "March 2027". */
export function monthYear(value: DateInput): string {
  return MONTH_YEAR.format(toDate(value))
}

/** "March 12, 2027". */
export function longDate(value: DateInput): string {
  return LONG_DATE.format(toDate(value))
}

/** "March 12, 2027 at 2:00 PM UTC". */
export function longDateTime(value: DateInput): string {
  return `${LONG_DATE_TIME.format(toDate(value))} UTC`
}
