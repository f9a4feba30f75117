import { describe, expect, it } from 'vitest'
import { auditCsvHeader, auditCsvRows, csvCell } from './audit-csv'

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
    const csv =
      auditCsvHeader() +
      auditCsvRows([
        {
          id: '7',
          at: new Date('2026-01-01T00:00:00Z'),
          action: 'admin.tenant.suspend',
          actorType: 'SUPER_ADMIN',
          actorEmail: 'root@example.test',
          orgId: 'o1',
          tenantId: 't1',
          targetType: 'Tenant',
          targetId: 't1',
          reason: '=cmd|calc',
          before: { state: 'ACTIVE' },
          after: { state: 'SUSPENDED' },
          ip: '203.0.113.1',
          requestId: 'r1',
        },
      ])
    const lines = csv.split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]!.split(',')).toHaveLength(14)
    expect(lines[1]).toContain(`'=cmd|calc`)
    expect(lines[1]!.startsWith('7,2026-01-01T00:00:00.000Z,admin.tenant.suspend,SUPER_ADMIN,root@example.test')).toBe(true)
  })
})
