// The tenant dashboard's forms as the server renders them, i.e. what a browser without JavaScript
// gets: real forms with named fields, the hidden `org`, submit buttons, and the members' dialogs
// opened and closed by Invoker Commands (`commandfor`) with the role select tied to its dialog's form.
import { createElement as h } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { MemberList, type MemberRow } from './member-list'
import { InviteForm } from './invite-form'
import { CustomDomainForm, DeletionForm } from './settings-forms'
import { RetryButton, RevealCredentials } from './instance-actions'
import { BillingPanel } from '@/components/billing/billing-panel'
import type { BillingOverview } from '@/lib/billing/get-billing-overview'
import type { CustomDomainView } from '@/lib/provisioning/get-custom-domain'

const members: MemberRow[] = [
  { userId: 'u-owner', email: 'olga@example.test', name: 'Olga', role: 'OWNER', joinedOn: '2027-01-02', isYou: true },
  { userId: 'u-admin', email: 'adam@example.test', name: 'Adam', role: 'ADMIN', joinedOn: '2027-01-03', isYou: false },
  { userId: 'u-member', email: 'mia@example.test', name: null, role: 'MEMBER', joinedOn: '2027-01-04', isYou: false },
]

const html = (element: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(element)
/** A button of `type` whose text is `label`, whatever the order of its attributes. */
const button = (type: 'submit' | 'button', label: string, extra = '') =>
  new RegExp(`<button(?=[^>]*type="${type}")${extra}[^>]*>${label.replace(/[()]/g, '\\$&')}</button>`)

describe('tenant dashboard forms without JavaScript', () => {
  it('members: each role select and button opens a dialog whose form carries org, the member and the role', () => {
    const markup = html(h(MemberList, { orgSlug: 'acme', orgName: 'Acme', viewerRole: 'ADMIN', members }))
    // Viewed by an admin: the admin and the member can be managed, the owner (whose row says "you" here) cannot.
    expect(markup).toContain('<caption class="sr-only">Members of Acme</caption>')
    const selects = [...markup.matchAll(/<select name="role" form="([^"]+)"/g)].map((m) => m[1]!)
    expect(selects).toHaveLength(2)
    for (const formId of selects) {
      const form = new RegExp(`<form id="${formId}"[^>]*>(.*?)</form>`).exec(markup)?.[1]
      expect(form, formId).toBeDefined()
      expect(form).toContain('<input type="hidden" name="org" value="acme"/>')
      expect(form).toMatch(/<input type="hidden" name="userId" value="u-(admin|member)"\/>/)
      expect(form).toMatch(button('submit', 'Change role'))
      expect(form).toMatch(button('button', 'Cancel', '(?=[^>]*commandfor="[^"]+")(?=[^>]*command="close")'))
    }
    for (const label of ['Remove adam@example.test', 'Remove mia@example.test', 'Change role: mia@example.test']) {
      const button = new RegExp(`<button[^>]*aria-label="${label}"[^>]*>`).exec(markup)?.[0]
      expect(button, label).toMatch(/commandfor="[^"]+"/)
      expect(button).toContain('command="show-modal"')
    }
    expect(markup).not.toContain('aria-label="Remove olga@example.test"')
    expect(markup).toMatch(button('button', 'Leave organization', '(?=[^>]*command="show-modal")'))
    // Every opener names a dialog that exists.
    for (const [, id] of markup.matchAll(/commandfor="([^"]+)"/g)) expect(markup).toContain(`<dialog id="${id}"`)
  })

  it('invite, deletion, domain, retry and the admin login: plain forms with their fields and submit buttons', () => {
    const invite = html(
      h(InviteForm, {
        orgSlug: 'acme',
        roles: [
          { value: 'MEMBER', label: 'Member' },
          { value: 'ADMIN', label: 'Admin' },
        ],
      }),
    )
    expect(invite).toMatch(/<form[^>]*aria-label="Invite a member"/)
    expect(invite).toContain('name="email"')
    expect(invite).toMatch(/<select[^>]*name="role"/)
    expect(invite).toMatch(button('submit', 'Send invitation'))

    const deletion = html(h(DeletionForm, { orgSlug: 'acme', scheduledFor: null }))
    expect(deletion).toContain('name="confirmation"')
    expect(deletion).toMatch(button('submit', 'Delete organization'))
    const undo = html(h(DeletionForm, { orgSlug: 'acme', scheduledFor: '2027-02-01T00:00:00.000Z' }))
    expect(undo).toContain('will be deleted on 2027-02-01')
    expect(undo).toMatch(button('submit', 'Undo deletion'))

    const view: CustomDomainView = {
      customDomain: 'app.acme.example',
      checkedAt: '2027-01-02T03:04:05.000Z',
      removalAt: null,
      pending: { domain: 'new.acme.example', since: '2027-01-02T00:00:00.000Z', checkedAt: null, problem: null },
      txtRecord: { name: '_tenancy-challenge.new.acme.example', value: 'f00dcafe' },
      cnameTarget: 'acme.x',
      planName: 'Pro',
      feeCents: 0,
      isReady: true,
    }
    const domain = html(h(CustomDomainForm, { orgSlug: 'acme', domain: view, canChange: true }))
    expect(domain).toContain('name="domain"')
    expect(domain).toContain('value="new.acme.example"')
    expect(domain).toMatch(button('submit', 'Save domain'))
    expect(domain).toMatch(button('submit', 'Verify now'))
    expect(domain).toMatch(button('submit', 'Remove domain'))
    expect((domain.match(/<input type="hidden" name="org" value="acme"\/>/g) ?? []).length).toBe(3)
    // the records to publish, as text a browser without JavaScript shows
    expect(domain).toMatch(/<td[^>]*>TXT<\/td><td[^>]*>_tenancy-challenge\.new\.acme\.example<\/td><td[^>]*>f00dcafe<\/td>/)
    expect(domain).toMatch(/<td[^>]*>CNAME<\/td><td[^>]*>new\.acme\.example<\/td><td[^>]*>acme\.x<\/td>/)
    // nothing claimed: no verify or remove button
    const none = html(
      h(CustomDomainForm, { orgSlug: 'acme', domain: { ...view, customDomain: null, pending: null, txtRecord: null }, canChange: true }),
    )
    expect(none).not.toMatch(button('submit', 'Verify now'))
    expect(none).not.toMatch(button('submit', 'Remove domain'))

    expect(html(h(RetryButton, { orgSlug: 'acme' }))).toMatch(button('submit', 'Retry provisioning'))
    expect(html(h(RevealCredentials, { orgSlug: 'acme', isAvailable: true }))).toMatch(button('submit', 'Show the admin login (once)'))
    expect(html(h(RevealCredentials, { orgSlug: 'acme', isAvailable: false }))).not.toContain('<button')
  })

  it('billing: one form per button, the plan and the reason as named fields', () => {
    const billing: BillingOverview = {
      billingMode: 'none',
      plan: { id: 'pro', name: 'Pro', price: '$49' },
      status: 'ACTIVE',
      trialEndsAt: null,
      currentPeriodEnd: '2027-03-01T00:00:00.000Z',
      cancelAtPeriodEnd: false,
      pendingPlan: null,
      pausedAt: null,
      pauseReason: null,
      dunning: null,
      needsCheckout: false,
      canActivate: false,
      hasStripeCustomer: false,
      canCancel: true,
      pauseChange: 'pause',
      planChoices: [{ id: 'enterprise', name: 'Enterprise', price: 'Custom', isUpgrade: true }],
    }
    const markup = html(h(BillingPanel, { orgSlug: 'acme', billing, role: 'OWNER' }))
    expect(markup).toMatch(/<select[^>]*name="planId"/)
    expect(markup).toContain('<input type="hidden" name="cancelAtPeriodEnd" value="true"/>')
    expect(markup).toContain('<input type="hidden" name="isPaused" value="true"/>')
    expect(markup).toContain('name="reason"')
    for (const label of ['Change plan', 'Cancel at the end of the period', 'Pause']) expect(markup).toMatch(button('submit', label))
    expect(html(h(BillingPanel, { orgSlug: 'acme', billing, role: 'MEMBER' }))).not.toContain('<form')
  })
})
