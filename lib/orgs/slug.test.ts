import { describe, expect, it } from 'vitest'
import { isReservedSlug, RESERVED_SLUGS, SLUG_MESSAGES, slugBaseForName, slugify, slugProblem, slugSchema, slugWithSuffix } from './slug'

describe('slugify', () => {
  it.each([
    ['Acme Analytics', 'acme-analytics'],
    ['  Acme   Analytics  ', 'acme-analytics'],
    ['Crème Brûlée & Co.', 'creme-brulee-co'],
    ['Ærøskøbing Ölwerk', 'aeroskobing-olwerk'],
    ['Straße Łódź', 'strasse-lodz'],
    ['ＡＢＣ Ｃｏｒｐ', 'abc-corp'],
    ['Zürich_Dev.Team', 'zurich-dev-team'],
    ['---Hello---World---', 'hello-world'],
    ['ACME', 'acme'],
    ['123 Go', '123-go'],
    ['🚀 Rocket 🚀', 'rocket'],
    ['日本語', 'org'],
    ['', 'org'],
    ['---', 'org'],
    ["<script>alert('x')</script>", 'script-alert-x-script'],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })

  it('cuts at 40 characters without leaving a hyphen at the end', () => {
    expect(slugify('a'.repeat(100))).toBe('a'.repeat(40))
    const cut = slugify(`${'a'.repeat(39)} bcd`)
    expect(cut).toBe('a'.repeat(39))
    expect(cut.length).toBeLessThanOrEqual(40)
  })

  it('always gives something that matches the DNS label shape', () => {
    for (const name of ['Ünïcödé', 'x', 'A-B', '   ', 'a'.repeat(80), 'Ω mega', '-a-']) {
      expect(slugify(name)).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/)
      expect(slugify(name).length).toBeLessThanOrEqual(40)
    }
  })
})

describe('slugSchema', () => {
  it.each(['acme', 'acme-analytics', 'a1b', '123', 'x'.repeat(40), 'my-org-2', 'kubes', 'tenantx', 'a-b'])('accepts %j', (slug) => {
    expect(slugSchema.safeParse(slug).success).toBe(true)
    expect(slugProblem(slug)).toBeUndefined()
  })

  it.each([
    ['', SLUG_MESSAGES.empty],
    ['Acme', SLUG_MESSAGES.characters],
    ['ACME', SLUG_MESSAGES.characters],
    ['my org', SLUG_MESSAGES.characters],
    [' acme', SLUG_MESSAGES.characters],
    ['acme ', SLUG_MESSAGES.characters],
    ['my_org', SLUG_MESSAGES.characters],
    ['my.org', SLUG_MESSAGES.characters],
    ['crème', SLUG_MESSAGES.characters],
    ['аcme', SLUG_MESSAGES.characters], // Cyrillic а
    ['rocket🚀', SLUG_MESSAGES.characters],
    ['<script>', SLUG_MESSAGES.characters],
    ["a'; drop table", SLUG_MESSAGES.characters],
    ['a/b', SLUG_MESSAGES.characters],
    ['x'.repeat(41), SLUG_MESSAGES.tooLong],
    ['ab', SLUG_MESSAGES.tooShort],
    ['a', SLUG_MESSAGES.tooShort],
    ['-acme', SLUG_MESSAGES.edges],
    ['acme-', SLUG_MESSAGES.edges],
    ['---', SLUG_MESSAGES.edges],
    ['xn--80ak6aa92e', SLUG_MESSAGES.punycode],
    ['ab--cd', SLUG_MESSAGES.punycode],
    ['admin', SLUG_MESSAGES.reserved],
    ['api', SLUG_MESSAGES.reserved],
    ['www', SLUG_MESSAGES.reserved],
    ['tenancy', SLUG_MESSAGES.reserved],
    ['default', SLUG_MESSAGES.reserved],
    ['autodiscover', SLUG_MESSAGES.reserved],
    ['kube-system', SLUG_MESSAGES.reserved],
    ['kube-public', SLUG_MESSAGES.reserved],
    ['tenant-x', SLUG_MESSAGES.reserved],
    ['tenant-acme', SLUG_MESSAGES.reserved],
  ])('refuses %j: %s', (slug, message) => {
    expect(slugProblem(slug)).toBe(message)
    const parsed = slugSchema.safeParse(slug)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([message])
  })

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['acme']]) {
      expect(slugSchema.safeParse(value).error?.issues[0]?.message).toBe(SLUG_MESSAGES.empty)
    }
  })

  it('reserves what an operator expects', () => {
    for (const word of [
      'admin',
      'api',
      'www',
      'app',
      'default',
      'tenancy',
      'auth',
      'login',
      'signin',
      'signup',
      'static',
      'assets',
      'mail',
      'support',
      'status',
      'billing',
      'docs',
      'help',
      'root',
      'system',
      'internal',
      'localhost',
    ]) {
      expect(RESERVED_SLUGS.has(word), word).toBe(true)
    }
    expect(isReservedSlug('kube-anything')).toBe(true)
    expect(isReservedSlug('tenant-anything')).toBe(true)
    expect(isReservedSlug('acme')).toBe(false)
  })

  it('holds only valid DNS labels in the reserved list (each one would otherwise be dead weight)', () => {
    for (const word of RESERVED_SLUGS) expect(word, word).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/)
  })
})

describe('slugBaseForName and slugWithSuffix', () => {
  it('makes a reserved prefix usable with a suffix', () => {
    expect(slugBaseForName('Kube System')).toBe('kubesystem')
    expect(slugBaseForName('Tenant X')).toBe('tenantx')
    expect(slugBaseForName('XN--Test')).toBe('xn-test')
    expect(slugBaseForName('Acme')).toBe('acme')
  })

  it('keeps the result within 40 characters and a valid label', () => {
    expect(slugWithSuffix('acme', 'x7k2')).toBe('acme-x7k2')
    const long = slugWithSuffix('a'.repeat(40), 'x7k2')
    expect(long).toBe(`${'a'.repeat(35)}-x7k2`)
    expect(long).toHaveLength(40)
    expect(slugWithSuffix(`${'a'.repeat(34)}-bbbbb`, 'x7k2')).toBe(`${'a'.repeat(34)}-x7k2`)
    for (const base of ['admin', 'ab', 'a', 'org', 'kubesystem', 'a'.repeat(40)]) {
      expect(slugProblem(slugWithSuffix(base, 'q9z0')), base).toBeUndefined()
    }
  })
})
