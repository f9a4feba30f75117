// Organizations live at /<slug>: every top-level route of the app must be a reserved slug, or an
// organization could take it. A new route without a matching reservation fails here.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isReservedSlug } from './slug'

function topLevelSegments(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    if (entry.name.startsWith('('))
      out.push(...topLevelSegments(path.join(dir, entry.name))) // route group: no segment of its own
    else if (!entry.name.startsWith('[') && !entry.name.startsWith('_')) out.push(entry.name)
  }
  return out
}

describe('reserved slugs and app routes', () => {
  it('reserves every top-level route segment', () => {
    const segments = topLevelSegments(path.resolve('app'))
    expect(segments).toEqual(expect.arrayContaining(['admin', 'api', 'dashboard', 'signin', 'mfa']))
    // A segment no slug can spell (".well-known": slugs have no dots) cannot be taken.
    const couldBeSlug = (segment: string) => /^[a-z0-9-]+$/.test(segment)
    expect(segments.filter((s) => couldBeSlug(s) && !isReservedSlug(s))).toEqual([])
  })
})
