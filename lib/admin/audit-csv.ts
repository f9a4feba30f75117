/**
 * CSV of audit entries (RFC 4180: CRLF, quotes doubled). Cells that a spreadsheet would read as
 * a formula (starting with = + - @, tab or carriage return) are prefixed with a single quote, so
 * an action, reason or value written by a user can never run in the reader's spreadsheet.
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

export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : value instanceof Date
          ? value.toISOString()
          : JSON.stringify(value)
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
