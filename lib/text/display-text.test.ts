import { describe, expect, it } from 'vitest'
import { cleanDisplayName, hasDisguisingCharacters } from './display-text'

describe('display text', () => {
  it.each([
    ['NUL', 'Ada\u0000'],
    ['a tab', 'Ada\tLovelace'],
    ['a newline', 'Ada\nLovelace'],
    ['a C1 control', 'Ada\u0085'],
    ['a line separator', 'Ada\u2028'],
    ['a right-to-left override', 'Ada\u202Egpj.exe'],
    ['a right-to-left isolate', 'Ada\u2067x'],
    ['a left-to-right mark', 'Ada\u200E'],
    ['a right-to-left mark', 'Ada\u200F'],
    ['an Arabic letter mark', 'Ada\u061C'],
  ])('finds %s', (_what, text) => {
    expect(hasDisguisingCharacters(text)).toBe(true)
  })

  it('lets names in any script, with accents and emoji, through', () => {
    for (const name of ['Zoë 👩‍🔬 O’Brien', 'محمد', 'שָׁלוֹם', '李小龍', 'Ǆemal']) expect(hasDisguisingCharacters(name)).toBe(false)
  })

  it('cleans a name from elsewhere: refused characters become spaces, trimmed, bounded by code points', () => {
    expect(cleanDisplayName('  Ada\u202Egpj.exe\n\nLovelace ', 100)).toBe('Ada gpj.exe Lovelace')
    expect(cleanDisplayName('\u200F\u061C\t', 100)).toBeUndefined()
    expect(cleanDisplayName(null, 100)).toBeUndefined()
    expect(cleanDisplayName('👩‍🔬'.repeat(3), 2)).toHaveLength([...'👩‍🔬'.repeat(3)].slice(0, 2).join('').length)
    expect(cleanDisplayName('e\u0301cole', 100)).toBe('école')
  })
})
