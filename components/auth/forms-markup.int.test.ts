// The sign-in and sign-up side's forms as the server renders them, i.e. what a browser without
// JavaScript gets: real forms named as e2e/fixtures.ts submits them (e2e/forms.ts finds a form by
// its aria-label), named fields, hidden fields for what the page knows, submit buttons that are
// not disabled, the plans as radios named planId, the TOTP key behind a <details>.
import { createElement as h } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { hiddenFieldsOf } from '@/e2e/forms'
import { AccountForm } from '@/components/signup/account-form'
import { OrganizationForm } from '@/components/signup/organization-form'
import { PlanForm } from '@/components/signup/plan-form'
import { StartButton } from '@/components/signup/start-button'
import { AcceptInvitation } from '@/components/dashboard/accept-invitation'
import { SignInForm } from './sign-in-form'
import { SignOutButton } from './sign-out-button'
import { ForgotPasswordForm } from './forgot-password-form'
import { ResetPasswordForm } from './reset-password-form'
import { VerifyEmail } from './verify-email'
import { MfaPanel } from './mfa-panel'

const html = (element: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(element)
/** The form named `label` (its whole markup), or undefined. */
const form = (markup: string, label: string) => new RegExp(`<form[^>]*aria-label="${label}"[^>]*>.*?</form>`, 's').exec(markup)?.[0]
/** An enabled submit button whose text is `label`. */
const submit = (label: string) => new RegExp(`<button(?=[^>]*type="submit")(?![^>]*\sdisabled="")[^>]*>${label}</button>`)
const input = (name: string, type = 'text') => new RegExp(`<input(?=[^>]*name="${name.replace(/\$/g, '\\$')}")(?=[^>]*type="${type}")`)

describe('sign-in and sign-up forms without JavaScript', () => {
  it('the wizard: account (with where to go next), organization, plan radios, start', () => {
    const account = form(html(h(AccountForm, { next: '/invite?token=abc' })), 'Create your account')
    expect(account).toBeDefined()
    for (const [name, type] of [
      ['name', 'text'],
      ['email', 'email'],
      ['password', 'password'],
    ])
      expect(account).toMatch(input(name!, type))
    expect(account).toMatch(submit('Continue'))
    expect(hiddenFieldsOf(account!, 'Create your account')).toEqual([['next', '/invite?token=abc']])
    expect(html(h(AccountForm, {}))).not.toContain('name="next"')

    const organization = form(html(h(OrganizationForm, { initial: {}, baseDomain: 'tenants.test' })), 'Name your organization')
    expect(organization).toMatch(input('name'))
    expect(organization).toMatch(input('slug')) // typed by hand without JavaScript
    expect(organization).toMatch(submit('Continue'))
    const saved = html(h(OrganizationForm, { initial: { name: 'Acme', slug: 'acme-co' }, baseDomain: 'tenants.test' }))
    expect(saved).toMatch(/name="name"[^>]*value="Acme"|value="Acme"[^>]*name="name"/)
    expect(saved).toMatch(/name="slug"[^>]*value="acme-co"|value="acme-co"[^>]*name="slug"/)

    const plans = [
      { id: 'free', name: 'Free', price: 'Free', note: 'Free forever', features: ['1 instance'] },
      { id: 'pro', name: 'Pro', price: '$49 / month', note: '14-day free trial', features: ['SSO'] },
    ]
    const plan = form(html(h(PlanForm, { plans })), 'Choose a plan')
    expect([...plan!.matchAll(/<input[^>]*type="radio"[^>]*>/g)].map((m) => /value="(\w+)"/.exec(m[0])?.[1])).toEqual(['free', 'pro'])
    for (const radio of plan!.matchAll(/<input[^>]*type="radio"[^>]*>/g)) expect(radio[0]).toContain('name="planId"')
    expect(plan).toMatch(submit('Continue')) // enabled before a plan is chosen: the action says to choose one
    expect(html(h(PlanForm, { plans, initial: 'pro' }))).toMatch(/<input(?=[^>]*value="pro")(?=[^>]*checked="")/)

    expect(form(html(h(StartButton, { label: 'Create my instance' })), 'Start your instance')).toMatch(submit('Create my instance'))
  })

  it('sign-in (with where to go next), sign-out, password reset, email verification, the invitation', () => {
    const signIn = form(html(h(SignInForm, { next: '/acme/members' })), 'Sign in')
    expect(signIn).toMatch(input('email', 'email'))
    expect(signIn).toMatch(input('password', 'password'))
    expect(signIn).toMatch(submit('Sign in'))
    expect(hiddenFieldsOf(signIn!, 'Sign in')).toEqual([['next', '/acme/members']])

    expect(form(html(h(SignOutButton, {})), 'Sign out')).toMatch(submit('Sign out'))
    expect(form(html(h(SignOutButton, { everywhere: true })), 'Sign out everywhere')).toMatch(submit('Sign out everywhere'))

    const forgot = form(html(h(ForgotPasswordForm)), 'Request a password reset')
    expect(forgot).toMatch(input('email', 'email'))
    expect(forgot).toMatch(submit('Send reset link'))

    const reset = form(html(h(ResetPasswordForm, { token: 'tok-1' })), 'Reset password')
    expect(hiddenFieldsOf(reset!, 'Reset password')).toEqual([['token', 'tok-1']])
    expect(reset).toMatch(input('password', 'password'))
    expect(reset).toMatch(submit('Set new password'))

    // A button to press without JavaScript (with it, the form submits itself once).
    const verify = form(html(h(VerifyEmail, { token: 'tok-2' })), 'Verify email address')
    expect(hiddenFieldsOf(verify!, 'Verify email address')).toEqual([['token', 'tok-2']])
    expect(verify).toMatch(submit('Verify my email address'))

    const join = form(html(h(AcceptInvitation, { token: 'tok-3', orgName: 'Acme' })), 'Accept the invitation')
    expect(hiddenFieldsOf(join!, 'Accept the invitation')).toEqual([['token', 'tok-3']])
    expect(join).toMatch(submit('Join Acme'))
  })

  it('TOTP: the enrolment shows the QR code and the key behind a <details>; verification; a verified session', () => {
    const enrollment = { qrCodeDataUrl: 'data:image/png;base64,AAAA', secretBase32: 'JBSWY3DPEHPK3PXP' }
    const enrol = form(html(h(MfaPanel, { mode: 'enroll', enrollment })), 'Two-factor set-up')
    expect(enrol).toContain('alt="QR code for your authenticator app"')
    expect(enrol).toMatch(/<details[^>]*><summary>Can(&#x27;|')t scan\? Enter this key instead<\/summary>/)
    expect(enrol).toMatch(/<\/summary><code data-testid="totp-secret"[^>]*>JBSWY3DPEHPK3PXP<\/code><\/details>/)
    expect(enrol).toMatch(/<label[^>]*>Code from your app<\/label><input[^>]*name="code"/)
    expect(enrol).toMatch(submit('Turn on two-factor authentication'))

    const verify = form(html(h(MfaPanel, { mode: 'verify' })), 'Two-factor verification')
    expect(verify).toMatch(/<label[^>]*>Authentication code or recovery code<\/label><input[^>]*name="code"/)
    expect(verify).toMatch(submit('Verify'))

    const done = html(h(MfaPanel, { mode: 'done' }))
    expect(done).not.toContain('JBSWY3DPEHPK3PXP')
    expect(done).toMatch(/<form action="\/admin" method="get"><button[^>]*type="submit"[^>]*>Continue to the console<\/button><\/form>/)
  })
})
