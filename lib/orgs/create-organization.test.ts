import { describe, expect, it } from 'vitest'
import { createOrganizationSchema, ORG_NAME_MESSAGES, organizationNameSchema, randomSlugSuffix } from './create-organization'

describe('organizationNameSchema', () => {
  it.each([
    ['Acme', 'Acme'],
    ['  Acme Analytics  ', 'Acme Analytics'],
    ['Crème Brûlée', 'Crème Brûlée'],
    ['Cafe\u0301', 'Café'],
    ['日本', '日本'],
    ['🚀🚀', '🚀🚀'],
    ['👩‍💻 Devs', '👩‍💻 Devs'],
    ['x'.repeat(80), 'x'.repeat(80)],
    ['<b>Bold</b> Inc', '<b>Bold</b> Inc'],
  ])('accepts %j as %j', (input, output) => {
    expect(organizationNameSchema.parse(input)).toBe(output)
  })

  it.each([
    ['', ORG_NAME_MESSAGES.empty],
    ['   ', ORG_NAME_MESSAGES.empty],
    ['A', ORG_NAME_MESSAGES.tooShort],
    ['🚀', ORG_NAME_MESSAGES.tooShort],
    ['x'.repeat(81), ORG_NAME_MESSAGES.tooLong],
    ['Acme\tInc', ORG_NAME_MESSAGES.control],
    ['Acme\nInc', ORG_NAME_MESSAGES.control],
    ['Acme\u0000', ORG_NAME_MESSAGES.control],
    ['Acme\u007f', ORG_NAME_MESSAGES.control],
    ['Acme\u0085', ORG_NAME_MESSAGES.control],
    ['Acme\u202eInc', ORG_NAME_MESSAGES.control],
    ['Acme\u2066Inc', ORG_NAME_MESSAGES.control],
    ['Acme\u2028Inc', ORG_NAME_MESSAGES.control],
    ['Acme\u200eInc', ORG_NAME_MESSAGES.control],
    ['Acme\u200fInc', ORG_NAME_MESSAGES.control],
    ['Acme\u061cInc', ORG_NAME_MESSAGES.control],
  ])('refuses %j: %s', (input, message) => {
    expect(organizationNameSchema.safeParse(input).error?.issues.map((issue) => issue.message)).toEqual([message])
  })

  it('leaves the slug optional', () => {
    expect(createOrganizationSchema.parse({ name: 'Acme' })).toEqual({ name: 'Acme' })
    expect(createOrganizationSchema.parse({ name: 'Acme', slug: null })).toEqual({ name: 'Acme', slug: null })
  })
})

describe('randomSlugSuffix', () => {
  it('is four lower-case alphanumerics', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const suffix = randomSlugSuffix()
      expect(suffix).toMatch(/^[a-z0-9]{4}$/)
      seen.add(suffix)
    }
    expect(seen.size).toBeGreaterThan(190)
  })
})
