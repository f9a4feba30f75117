// The tenants table's URL → listTenants input: the app filter kept beside the others (a well-formed id
// reaches listTenants, which judges it against the catalog), malformed values dropped.
import { describe, expect, it } from 'vitest'
import { parseTenantQuery, toListInput } from './search-params'

describe('parseTenantQuery', () => {
  it('keeps the app with the other filters, the sort and the page', () => {
    const query = parseTenantQuery({
      q: 'acme',
      state: 'ACTIVE',
      plan: 'pro',
      app: 'photoprism-family',
      sort: 'slug',
      dir: 'asc',
      page: '3',
    })
    expect(toListInput(query)).toEqual({
      q: 'acme',
      state: 'ACTIVE',
      plan: 'pro',
      app: 'photoprism-family',
      trialEnding: false,
      pastDue: false,
      sort: 'slug',
      dir: 'asc',
      page: 3,
      pageSize: 50,
    })
  })

  it('passes a well-formed unknown app on (listTenants refuses it), takes the first of several, drops a malformed one', () => {
    expect(parseTenantQuery({ app: 'no-such-app' }).app).toBe('no-such-app')
    expect(parseTenantQuery({ app: ['generic', 'notes'] }).app).toBe('generic')
    for (const app of ['Generic', 'a b', '', 'x'.repeat(65), '../x'])
      expect(parseTenantQuery({ app, state: 'FAILED' })).toEqual({ state: 'FAILED' })
  })
})
