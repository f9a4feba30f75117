// The kit renders the markup the pages relied on: captions, sort links with aria-sort, pages, empty states, one colour map.
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DescriptionList } from './description-list'
import { Section, sectionId } from './section'
import { StatusBadge, statusLabel, statusTone, type StatusKind } from './status-badge'
import { Table, tableHref, type Column } from './table'

interface Row {
  id: string
  name: string
}
const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', sort: 'name', cell: (r) => r.name },
  { key: 'id', header: 'Id', cell: (r) => r.id, align: 'right' },
]
const rows: Row[] = [
  { id: 'a', name: 'Acme' },
  { id: 'b', name: 'Initech' },
]

describe('tableHref', () => {
  it.each([
    [{}, {}, '/admin/tenants'],
    [{ q: 'acme', page: 3 }, {}, '/admin/tenants?q=acme&page=3'],
    [{ q: 'acme', page: 3 }, { sort: 'name', dir: 'asc', page: undefined }, '/admin/tenants?q=acme&sort=name&dir=asc'],
    [{ q: '', state: 'ACTIVE' }, { page: 2 }, '/admin/tenants?state=ACTIVE&page=2'],
    [{ q: 'a b&c' }, {}, '/admin/tenants?q=a+b%26c'],
  ])('%j + %j → %s', (params, change, expected) => {
    expect(tableHref('/admin/tenants', params, change)).toBe(expected)
  })
})

describe('Table', () => {
  it('has a hidden caption, column headers and one row per item with its attributes', () => {
    const html = renderToStaticMarkup(
      <Table caption="Tenants" columns={columns} rows={rows} rowKey={(r) => r.id} rowAttributes={(r) => ({ 'data-row': r.id })} />,
    )
    expect(html).toContain('<caption class="sr-only">Tenants</caption>')
    expect(html).toContain('<th scope="col" class="px-4 py-2 font-medium">Name</th>')
    expect(html).toContain('<th scope="col" class="px-4 py-2 font-medium text-right">Id</th>')
    expect(html.match(/<tr class="border-t border-slate-100" data-row="[ab]">/g)).toHaveLength(2)
    expect(html).not.toContain('aria-sort')
  })

  it('makes sortable headers links that flip the direction, drop the page and say so', () => {
    const html = renderToStaticMarkup(
      <Table
        caption="Tenants"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        link={{ baseUrl: '/admin/tenants', params: { q: 'acme', sort: 'name', dir: 'asc', page: 4 } }}
        sort={{ by: 'name', dir: 'asc' }}
      />,
    )
    expect(html).toContain('aria-sort="ascending"')
    expect(html).toContain('href="/admin/tenants?q=acme&amp;sort=name&amp;dir=desc"')
    expect(html).toContain('Name ▲<span class="sr-only">, sort descending</span>')
    const other = renderToStaticMarkup(
      <Table
        caption="Tenants"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        link={{ baseUrl: '/admin/tenants', params: {} }}
        sort={{ by: 'created', dir: 'desc' }}
      />,
    )
    expect(other).not.toContain('aria-sort')
    expect(other).toContain('href="/admin/tenants?sort=name&amp;dir=asc"')
    expect(other).toContain('Name<span class="sr-only">, sort ascending</span>')
  })

  it('shows the empty message in the table, or instead of it', () => {
    const inTable = renderToStaticMarkup(
      <Table caption="Tenants" columns={columns} rows={[]} rowKey={(r) => r.id} empty="No tenant matches." />,
    )
    expect(inTable).toContain('<td colSpan="2" class="px-4 py-6 text-center text-slate-600">No tenant matches.</td>')
    const instead = renderToStaticMarkup(
      <Table caption="Runs" columns={columns} rows={[]} rowKey={(r) => r.id} empty="None." emptyWithoutTable variant="plain" />,
    )
    expect(instead).toBe('<p class="text-sm text-slate-600">None.</p>')
  })

  it('paginates with previous / page x of y / next, nothing for one page', () => {
    const link = { baseUrl: '/admin/tenants', params: { q: 'acme', page: 2 } }
    const pages = (page: number, pageCount: number) =>
      renderToStaticMarkup(
        <Table caption="T" columns={columns} rows={rows} rowKey={(r) => r.id} link={link} pagination={{ page, pageCount }} />,
      )
    const middle = pages(2, 1200)
    expect(middle).toContain('<nav aria-label="Pages"')
    expect(middle).toContain('href="/admin/tenants?q=acme&amp;page=1"')
    expect(middle).toContain('href="/admin/tenants?q=acme&amp;page=3"')
    expect(middle).toContain('<span>Page 2 of 1,200</span>')
    expect(pages(1, 3)).toContain('<span class="text-slate-500">← Previous</span>')
    expect(pages(3, 3)).toContain('<span class="text-slate-500">Next →</span>')
    expect(pages(1, 1)).not.toContain('<nav')
  })

  it('links keyset pages', () => {
    const older = renderToStaticMarkup(
      <Table caption="T" columns={columns} rows={rows} rowKey={(r) => r.id} pagination={{ nextHref: '/x?before=1', nextLabel: 'Older' }} />,
    )
    expect(older).toMatch(/<nav aria-label="Pages"[^>]*><a class="[^"]*" href="\/x\?before=1">Older<\/a><\/nav>/)
    const last = renderToStaticMarkup(
      <Table caption="T" columns={columns} rows={rows} rowKey={(r) => r.id} pagination={{ nextHref: null, nextLabel: 'Older' }} />,
    )
    expect(last).not.toContain('<nav')
  })
})

describe('Section', () => {
  it('is a region named by its h2', () => {
    const html = renderToStaticMarkup(<Section title="Dead letters (3)">x</Section>)
    expect(sectionId('Dead letters (3)')).toBe('h-dead-letters-3')
    expect(html).toBe(
      '<section aria-labelledby="h-dead-letters-3" class="rounded-lg bg-white p-5 ring-1 ring-slate-200">' +
        '<h2 id="h-dead-letters-3" class="text-lg font-semibold mb-3">Dead letters (3)</h2>x</section>',
    )
    const described = renderToStaticMarkup(
      <Section title="Configuration" id="h-config" description="Effective values." actions={<button type="button">Export</button>}>
        y
      </Section>,
    )
    expect(described).toContain('aria-labelledby="h-config"')
    expect(described).toContain('<p class="mt-1 text-sm text-slate-600">Effective values.</p>')
    expect(described).toContain('<button type="button">Export</button>')
  })
})

describe('DescriptionList', () => {
  it('writes dt/dd pairs with test ids', () => {
    const html = renderToStaticMarkup(<DescriptionList items={[{ label: 'To', value: 'ada@example.com', testId: 'to' }]} />)
    expect(html).toBe(
      '<dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm"><dt class="text-slate-500">To</dt>' +
        '<dd data-testid="to">ada@example.com</dd></dl>',
    )
    const stats = renderToStaticMarkup(
      <DescriptionList layout="stats" columns={3} cards items={[{ label: 'MRR', value: '$49', note: '1 paying' }]} />,
    )
    expect(stats).toContain('<div class="rounded-lg bg-white p-4 ring-1 ring-slate-200"><dt class="text-sm text-slate-500">MRR</dt>')
    expect(stats).toContain('<dd class="text-xl font-semibold">$49</dd><dd class="text-xs text-slate-600">1 paying</dd>')
  })
})

describe('StatusBadge', () => {
  it.each([
    ['tenant', 'ACTIVE', 'active', 'success'],
    ['tenant', 'SUSPENDED', 'suspended', 'warning'],
    ['tenant', 'FAILED', 'failed', 'danger'],
    ['tenant', 'DEPROVISIONED', 'deprovisioned', 'ended'],
    ['tenant', 'SOMETHING_NEW', 'something_new', 'neutral'],
    ['job', 'DEAD', 'dead', 'danger'],
    ['job', 'SUCCEEDED', 'succeeded', 'success'],
    ['invoice', 'OPEN', 'Open', 'warning'],
    ['invoice', 'PAID', 'Paid', 'success'],
    ['invoice', 'UNCOLLECTIBLE', 'Uncollectible', 'danger'],
    ['subscription', 'PAST_DUE', 'past due', 'warning'],
    ['subscription', 'TRIALING', 'trialing', 'progress'],
    ['email', 'SENT', 'SENT', 'success'],
    ['email', 'PENDING', 'PENDING', 'warning'],
    ['email', 'KEPT', 'KEPT', 'neutral'],
  ] as const)('%s %s → "%s" (%s)', (kind: StatusKind, status, label, tone) => {
    expect(statusLabel(kind, status)).toBe(label)
    expect(statusTone(kind, status)).toBe(tone)
    expect(renderToStaticMarkup(<StatusBadge kind={kind} status={status} />)).toMatch(new RegExp(`^<span class="[^"]+">${label}</span>$`))
  })

  it('uses the same colours for the same tone across kinds', () => {
    const html = (kind: StatusKind, status: string) => renderToStaticMarkup(<StatusBadge kind={kind} status={status} />)
    expect(html('tenant', 'ACTIVE').replace('active', 'X')).toBe(html('email', 'SENT').replace('SENT', 'X'))
    expect(html('job', 'FAILED').replace('failed', 'X')).toBe(html('invoice', 'UNCOLLECTIBLE').replace('Uncollectible', 'X'))
  })
})
