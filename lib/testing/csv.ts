/**
 * An RFC 4180 reader for the tests of the CSV exports: CRLF (or LF) between records, quoted cells
 * with doubled quotes and line breaks inside. Strict: a quote inside an unquoted cell, text after
 * a closing quote or an unterminated quoted cell throws, so a malformed file fails its test.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let i = 0
  const endRecord = () => {
    records.push(record)
    record = []
  }
  while (i < text.length) {
    let cell = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error('CSV: a quoted cell is not closed')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"'
            i += 2
            continue
          }
          i++
          break
        }
        cell += text[i++]
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n')
        throw new Error(`CSV: text after a closing quote at ${i}`)
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`CSV: a quote inside an unquoted cell at ${i}`)
        cell += text[i++]
      }
    }
    record.push(cell)
    if (text[i] === ',') i++
    else {
      if (text[i] === '\r') i++
      if (text[i] === '\n') i++
      endRecord()
    }
  }
  return records
}
