// The wizard's last step needs a verified email address: an account that never opened its
// verification link is refused (no organization, no tenant, no provisioning job) and can ask for a
// new link; once the link is followed, the same wizard starts the instance. An OAuth sign-up whose
// provider verified the address counts as verified.
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { linkOAuthAccount } from '@/lib/auth/oauth/link-oauth-account'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { EMAIL_NOT_VERIFIED_MESSAGE } from '@/lib/onboarding/complete-signup'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { verifyEmailAction } from '../auth/verify-email'
import { resendVerificationEmailAction } from '../auth/resend-verification-email'
import { saveAppStepAction } from './save-app-step'
import { saveOrganizationStepAction } from './save-organization-step'
import { savePlanStepAction } from './save-plan-step'
import { completeSignupAction } from './complete-signup'

const database = useTestDatabase()

const PASSWORD = 'Verified-Before-Provisioned-27'

/** The app, organization and plan steps of the wizard, for a signed-in client. */
async function fillWizard(client: RouteClient, slug: string) {
  expect((await client.act(saveAppStepAction, { appId: 'generic' })).redirect).toBe('/signup/organization')
  expect((await client.act(saveOrganizationStepAction, { name: `Org ${slug}`, slug })).redirect).toBe('/signup/plan')
  expect((await client.act(savePlanStepAction, { planId: 'free' })).redirect).toBe('/signup/review')
}

/** The token of the newest verification link the code under test asked to mail (the recorded job). */
function verificationTokenSent(): string {
  const mail = database.jobs.sent.filter((e) => (e.data as { template?: string }).template === 'verify-email').at(-1)
  const url = (mail?.data as { data?: { url?: string } } | undefined)?.data?.url
  expect(url, JSON.stringify(database.jobs.sent)).toMatch(/\/verify\?token=/)
  return new URL(url!).searchParams.get('token')!
}

const provisioningJobs = () => database.jobs.sent.filter((e) => e.name === 'tenant/provision.requested')

describe('the wizard’s last step and email verification', () => {
  it('refuses an unverified account (nothing created), resends the link, and starts the instance once the link is followed', async () => {
    // An account that never opened its link, signed in (a sign-up makes no account before its link is followed
    // any more: such accounts are the ones made before that).
    const { userId } = await createPasswordAccount({ email: 'una@verify-first.test', password: PASSWORD, name: 'Una' })
    const client = await signedInClient(userId)
    await fillWizard(client, 'una-works')
    const [organizations, tenants] = [await database.db.organization.count(), await database.db.tenant.count()]

    const refused = await client.act(completeSignupAction)
    expect(refused.redirect).toBeUndefined()
    expect(refused.result).toMatchObject({ ok: false, code: 'EMAIL_NOT_VERIFIED', message: EMAIL_NOT_VERIFIED_MESSAGE })
    expect(await database.db.organization.count()).toBe(organizations)
    expect(await database.db.tenant.count()).toBe(tenants)
    expect(await database.db.subscription.count()).toBe(0)
    expect(provisioningJobs()).toEqual([])

    // The review page's "send a new link": a new verification email, whose link verifies the address.
    const resent = await client.act(resendVerificationEmailAction)
    expect(resent.result).toMatchObject({ ok: true, data: { message: 'We sent a new link to una@verify-first.test.' } })
    const verified = await new RouteClient().act(verifyEmailAction, { token: verificationTokenSent() })
    expect(verified.result, JSON.stringify(verified)).toMatchObject({ ok: true })
    expect((await client.act(resendVerificationEmailAction)).result).toMatchObject({
      ok: true,
      data: { message: 'Your email address is already verified.' },
    })

    const started = await client.act(completeSignupAction)
    expect(started.redirect, JSON.stringify(started.result)).toBe('/una-works/provisioning')
    const tenant = await database.db.tenant.findFirstOrThrow({ where: { slug: 'una-works' } })
    expect(provisioningJobs().map((e) => (e.data as { tenantId: string }).tenantId)).toEqual([tenant.id])
  })

  it('lets an OAuth sign-up whose provider verified the address start its instance', async () => {
    const { userId } = await linkOAuthAccount({
      provider: 'github',
      profile: { providerAccountId: 'gh-4242', email: 'otto@verify-first.test', isEmailVerified: true, name: 'Otto' },
    })
    const client = await signedInClient(userId)
    await fillWizard(client, 'otto-works')
    const started = await client.act(completeSignupAction)
    expect(started.redirect, JSON.stringify(started.result)).toBe('/otto-works/provisioning')
    expect(await database.db.tenant.count({ where: { slug: 'otto-works' } })).toBe(1)
    expect(provisioningJobs()).toHaveLength(1)
  })

  it('asks a visitor who is not signed in to sign in', async () => {
    expect((await new RouteClient().act(resendVerificationEmailAction)).result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })
})
