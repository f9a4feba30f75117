// The scope is one per process even when a bundler loads lib/db/scope.ts twice (Next's server
// bundles do): a scope set through one copy is the one another copy reads.
import { describe, expect, it, vi } from 'vitest'

describe('the database scope', () => {
  it('is shared by two loaded copies of the module', async () => {
    const first = await import('./scope')
    vi.resetModules()
    const second = await import('./scope')
    expect(second).not.toBe(first)
    const seen = await first.withDbScope({ orgId: 'org-1' }, () => second.currentDbScope())
    expect(seen).toEqual({ orgId: 'org-1' })
    expect(second.currentDbScope()).toBeUndefined()
  })
})
