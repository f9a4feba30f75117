import { describe, expect, it } from 'vitest'
import { parseCsv } from '../testing/csv'
import { AUDIT_CSV_COLUMNS, auditCsvHeader, auditCsvRows, csvCell, fromControlPictures } from './audit-csv'
import type { AuditRow } from './list-audit'

const entry = (over: Partial<AuditRow>): AuditRow => ({
  id: '7',
  at: new Date('2026-01-01T00:00:00Z'),
  action: 'admin.tenant.suspend',
  actorType: 'SUPER_ADMIN',
  actorEmail: 'root@example.test',
  orgId: 'o1',
  tenantId: 't1',
  targetType: 'Tenant',
  targetId: 't1',
  reason: 'abuse',
  before: { state: 'ACTIVE' },
  after: { state: 'SUSPENDED' },
  ip: '203.0.113.1',
  requestId: 'r1',
  ...over,
})

describe('audit CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`)
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tcmd')).toBe("'\tcmd")
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`)
    expect(csvCell('plain reason')).toBe('plain reason')
    expect(csvCell('a=b')).toBe('a=b') // only a leading character matters
  })

  it('quotes commas, quotes and line breaks; JSON for objects; ISO dates; empty for null', () => {
    expect(csvCell('a, b')).toBe('"a, b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell({ state: 'ACTIVE' })).toBe('"{""state"":""ACTIVE""}"')
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z')
    expect(csvCell(null)).toBe('')
  })

  it('writes one CRLF line per entry with the header’s columns', () => {
    const csv = auditCsvHeader() + auditCsvRows([entry({ reason: '=cmd|calc' })])
    const lines = csv.split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]!.split(',')).toHaveLength(14)
    expect(lines[1]).toContain(`'=cmd|calc`)
    expect(lines[1]!.startsWith('7,2026-01-01T00:00:00.000Z,admin.tenant.suspend,SUPER_ADMIN,root@example.test')).toBe(true)
  })

  it('writes control characters as Control Pictures: no control byte but tab and line breaks, every row reads back', () => {
    let controls = ''
    for (let c = 0; c < 0x20; c++) controls += String.fromCharCode(c)
    controls += '\u007f'
    const reason = `before${controls}after`
    const csv = auditCsvHeader() + auditCsvRows([entry({ id: '1', reason }), entry({ id: '2', reason: 'next row', action: `x\u001ay` })])
    // SUB (end of file in Windows text mode), NUL, ESC, … never reach the file; tab, CR and LF are quoted
    expect([...csv].filter((c) => c < ' ' && !'\t\r\n'.includes(c))).toEqual([])
    expect(csv).not.toContain('\u007f')
    expect(csvCell('a\u001ab')).toBe('a\u241ab')
    expect(csvCell('\u0000')).toBe('\u2400')
    expect(csvCell('\u007f')).toBe('\u2421')
    const records = parseCsv(csv)
    expect(records.map((r) => r.length)).toEqual([14, 14, 14])
    expect(records[0]).toEqual([...AUDIT_CSV_COLUMNS])
    expect(records.map((r) => r[0])).toEqual(['id', '1', '2'])
    expect(fromControlPictures(records[1]![9]!)).toBe(reason)
    expect(fromControlPictures(records[2]![2]!)).toBe('x\u001ay')
  })
})
