/**
 * CSV of audit entries (RFC 4180: CRLF, quotes doubled). Cells that a spreadsheet would read as
 * a formula (starting with = + - @, tab or carriage return) are prefixed with a single quote, so
 * an action, reason or value written by a user can never run in the reader's spreadsheet.
 * Control characters other than tab and line breaks (which RFC 4180 quotes) are written as their
 * Unicode Control Pictures (U+0001 → ␁, U+001A → ␚, DEL → ␡): the file never carries a byte that
 * ends it early for some readers (SUB is end-of-file in Windows text mode, NUL ends a C string) or
 * that a terminal runs (ESC); `fromControlPictures` undoes it (for a value that held no Control
 * Picture of its own: the export of such a value is ambiguous, its characters are rare).
 */
import type { AuditRow } from './list-audit'

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'action',
  'actor_type',
  'actor_email',
  'org_id',
  'tenant_id',
  'target_type',
  'target_id',
  'reason',
  'before',
  'after',
  'ip',
  'request_id',
] as const

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g
const PICTURE = /[\u2400-\u241f\u2421]/g

/** A control character (but tab, LF, CR) as its Control Picture. */
export function toControlPictures(text: string): string {
  return text.replace(CONTROL, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
}

/** The reverse, for a reader who needs the original value. */
export function fromControlPictures(text: string): string {
  return text.replace(PICTURE, (c) => String.fromCharCode(c === '\u2421' ? 0x7f : c.charCodeAt(0) - 0x2400))
}

export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : value instanceof Date
          ? value.toISOString()
          : JSON.stringify(value)
  text = toControlPictures(text)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

export function auditCsvHeader(): string {
  return AUDIT_CSV_COLUMNS.join(',') + '\r\n'
}

export function auditCsvRows(rows: AuditRow[]): string {
  return rows
    .map(
      (r) =>
        [
          r.id,
          r.at,
          r.action,
          r.actorType,
          r.actorEmail,
          r.orgId,
          r.tenantId,
          r.targetType,
          r.targetId,
          r.reason,
          r.before,
          r.after,
          r.ip,
          r.requestId,
        ]
          .map(csvCell)
          .join(',') + '\r\n',
    )
    .join('')
}
