import { describe, expect, it } from 'vitest'
import { escapeHtml, renderTemplate, TEMPLATE_NAMES, TemplateDataError, templates, type TemplateData, type TemplateName } from './index'

const ctx = { appUrl: 'https://app.example.com/', productName: 'Tenancy' }

const samples: { [N in TemplateName]: TemplateData<N> } = {
  welcome: { name: 'Ada', url: 'https://app.example.com/acme' },
  'verify-email': { url: 'https://app.example.com/verify?token=abc123', expiresInHours: 24 },
  'password-reset': { url: 'https://app.example.com/reset?token=xyz', expiresInMinutes: 30 },
  'sign-up-attempted': { name: 'Ada', signInUrl: 'https://app.example.com/signin', resetUrl: 'https://app.example.com/forgot-password' },
  invitation: {
    orgName: 'Acme',
    inviterName: 'Grace Hopper',
    role: 'ADMIN',
    url: 'https://app.example.com/invite/tok',
    expiresAt: new Date('2027-03-12T14:00:00Z'),
  },
  'instance-ready': { orgName: 'Acme', instanceUrl: 'https://acme.tenants.example.com', planName: 'Pro' },
  'provisioning-failed': {
    orgName: 'Acme',
    url: 'https://app.example.com/acme/instance',
    reason: 'The cluster has no capacity left.',
    isRetrying: true,
  },
  'trial-ending': {
    orgName: 'Acme',
    daysLeft: 2,
    planName: 'Pro',
    url: 'https://app.example.com/acme/billing',
    trialEndsAt: '2027-03-14T00:00:00Z',
  },
  'trial-expired': {
    orgName: 'Acme',
    planName: 'Pro',
    url: 'https://app.example.com/acme/billing',
    dataRetainedUntil: new Date('2027-04-14T00:00:00Z'),
  },
  'payment-failed': {
    orgName: 'Acme',
    amountCents: 5292,
    currency: 'usd',
    url: 'https://app.example.com/acme/billing',
    invoiceNumber: 'INV-2027-0042',
    nextAttemptAt: new Date('2027-03-15T00:00:00Z'),
    graceEndsAt: new Date('2027-03-21T00:00:00Z'),
  },
  'storage-warning': {
    orgName: 'Acme',
    volume: 'data-postgres-0',
    percentUsed: 96.4,
    level: 'critical',
    daysUntilFull: 2.6,
    usedBytes: 48.2 * 1024 ** 3,
    capacityBytes: 50 * 1024 ** 3,
    url: 'https://app.example.com/acme/storage',
  },
  'invoice-issued': {
    orgName: 'Acme',
    number: 'INV-2027-0042',
    totalCents: 123456,
    currency: 'USD',
    url: 'https://app.example.com/acme/invoices/inv_1',
    periodStart: new Date('2027-02-01T00:00:00Z'),
    periodEnd: new Date('2027-02-28T00:00:00Z'),
  },
  'organization-deletion-notice': {
    orgName: 'Acme',
    deletionDate: new Date('2027-03-14T09:30:00Z'),
    url: 'https://app.example.com/acme/settings#danger',
  },
  'data-export-ready': {
    orgName: 'Acme',
    url: 'https://app.example.com/acme/settings#data-export',
    expiresAt: new Date('2027-03-21T09:30:00Z'),
    sizeBytes: 2_345_678,
  },
}

describe('templates', () => {
  it('has the fourteen templates', () => {
    expect([...TEMPLATE_NAMES].sort()).toEqual(
      [
        'instance-ready',
        'data-export-ready',
        'invitation',
        'invoice-issued',
        'organization-deletion-notice',
        'password-reset',
        'payment-failed',
        'provisioning-failed',
        'sign-up-attempted',
        'storage-warning',
        'trial-ending',
        'trial-expired',
        'verify-email',
        'welcome',
      ].sort(),
    )
    expect(Object.keys(samples).sort()).toEqual([...TEMPLATE_NAMES].sort())
  })

  it.each(TEMPLATE_NAMES)('%s renders a subject, a text body and an HTML body', (name) => {
    const email = renderTemplate(name, samples[name] as never, ctx)
    expect(email.subject.trim()).not.toBe('')
    expect(email.subject).not.toMatch(/[\r\n]/)
    expect(email.text).toContain(ctx.productName)
    expect(email.text).not.toMatch(/undefined|null|NaN|\[object/)
    expect(email.html).toMatch(/^<!doctype html>/)
    expect(email.html).not.toMatch(/undefined|null|NaN|\[object/)
    expect(email.html).toContain('https://app.example.com"') // footer link, trailing slash dropped
    const action = /<a href="([^"]+)" style="display:inline-block/.exec(email.html)?.[1]
    expect(action).toBeDefined()
    expect(email.text).toContain(action!.replaceAll('&amp;', '&'))
  })

  it('puts the data users care about in both bodies', () => {
    const invitation = renderTemplate('invitation', samples.invitation, ctx)
    expect(invitation.subject).toBe('Grace Hopper invited you to Acme on Tenancy')
    expect(invitation.text).toContain('Role: Admin')
    expect(invitation.text).toContain('Expires: March 12, 2027 at 2:00 PM UTC')
    expect(invitation.html).toContain('https://app.example.com/invite/tok')

    const invoice = renderTemplate('invoice-issued', samples['invoice-issued'], ctx)
    expect(invoice.subject).toBe('Invoice INV-2027-0042 for Acme: $1,234.56')
    expect(invoice.text).toContain('Period: February 1, 2027 – February 28, 2027')

    const storage = renderTemplate('storage-warning', samples['storage-warning'], ctx)
    expect(storage.subject).toBe('Critical: storage of Acme is 96.4% full')
    expect(storage.text).toContain('Used: 48.2 GiB of 50 GiB (96.4%)')
    expect(storage.text).toContain('full in about 3 days')
    const noForecast = renderTemplate(
      'storage-warning',
      { ...samples['storage-warning'], level: 'warning', percentUsed: 81, daysUntilFull: null },
      ctx,
    )
    expect(noForecast.subject).toBe('Storage of Acme is 81% full')
    expect(noForecast.text).not.toContain('Full in')

    expect(renderTemplate('trial-ending', { ...samples['trial-ending'], daysLeft: 1 }, ctx).subject).toBe('Your Pro trial ends tomorrow')
    expect(renderTemplate('payment-failed', samples['payment-failed'], ctx).subject).toBe('Payment of $52.92 for Acme failed')

    const notice = renderTemplate('organization-deletion-notice', samples['organization-deletion-notice'], ctx)
    expect(notice.subject).toBe('Acme will be deleted on March 14, 2027')
    expect(notice.text).toContain('cancel the deletion in Settings')
    const exported = renderTemplate('data-export-ready', samples['data-export-ready'], ctx)
    expect(exported.subject).toBe('The data export of Acme is ready')
    expect(exported.text).toContain('Size: 2.3 MB')
    expect(exported.text).toContain('Available until: March 21, 2027 at 9:30 AM UTC')
  })

  it('escapes every user-controlled value in HTML', () => {
    const evil = '<script>alert("x")</script> & Co'
    const email = renderTemplate('invitation', { ...samples.invitation, orgName: evil, inviterName: `"><img src=x onerror=alert(1)>` }, ctx)
    expect(email.html).not.toContain('<script>')
    expect(email.html).not.toContain('<img')
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co')
    // The plain-text body is not HTML: it keeps the value as typed.
    expect(email.text).toContain(evil)

    const url = renderTemplate('verify-email', { url: 'https://app.example.com/verify?token=a"b&c=<d>' }, ctx)
    expect(url.html).not.toContain('a"b')
    expect(url.html).toContain('href="https://app.example.com/verify?token=a&quot;b&amp;c=&lt;d&gt;"')
  })

  it('throws naming the template and the bad fields', () => {
    expect(() => renderTemplate('invitation', { ...samples.invitation, url: 'javascript:alert(1)' }, ctx)).toThrow(TemplateDataError)
    expect(() => renderTemplate('invitation', { ...samples.invitation, url: 'javascript:alert(1)' }, ctx)).toThrow(
      /"invitation".*url: must be an http\(s\) URL/,
    )
    try {
      renderTemplate('storage-warning', { ...samples['storage-warning'], level: 'severe', daysUntilFull: undefined } as never, ctx)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateDataError)
      expect((error as TemplateDataError).template).toBe('storage-warning')
      expect(Object.keys((error as TemplateDataError).fieldErrors).sort()).toEqual(['daysUntilFull', 'level'])
      expect((error as Error).message).toMatch(/level: .*daysUntilFull: /)
    }
    expect(() => renderTemplate('invoice-issued', { ...samples['invoice-issued'], totalCents: 12.5 }, ctx)).toThrow(/totalCents/)
    expect(() => renderTemplate('invoice-issued', { ...samples['invoice-issued'], currency: 'ZZZ1' }, ctx)).toThrow(/currency/)
    expect(() => renderTemplate('nope' as TemplateName, {} as never, ctx)).toThrow(/"nope".*unknown email template/)
  })

  it('exposes each schema and render for callers that validate early', () => {
    const data = templates.welcome.schema.parse({ url: 'https://app.example.com' })
    expect(templates.welcome.render(data, ctx).text).toMatch(/^Welcome to Tenancy\n\nHi,/)
  })
})

describe('escapeHtml', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })
})
