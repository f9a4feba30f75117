// The wizard's app step (issue 15): asked first when several apps are sold, skipped with one; a plan
// is always one of the chosen app's; another app chosen forgets the plan; the instance created runs
// the app of its plan.
import { afterEach, describe, expect, it } from 'vitest'
import { resetAppsCache } from '@/lib/apps/catalog'
import { resetEnvCache } from '@/lib/env'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { wizardSteps } from '@/lib/onboarding/wizard'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { completeSignupAction } from './complete-signup'
import { saveAppStepAction } from './save-app-step'
import { saveOrganizationStepAction } from './save-organization-step'
import { savePlanStepAction } from './save-plan-step'

const database = useTestDatabase()

afterEach(() => {
  delete process.env.APPS_SOLD
  resetEnvCache()
  resetAppsCache()
})

async function verifiedClient(email: string) {
  const { userId } = await createPasswordAccount({ email, password: 'Apps-Are-Chosen-First-58', name: 'Ann', verified: true })
  return signedInClient(userId)
}

describe('the app step', () => {
  it('comes first when several apps are sold; a plan of another app is refused; the instance runs the chosen app', async () => {
    expect(wizardSteps()).toEqual(['account', 'app', 'organization', 'plan', 'review'])
    const client = await verifiedClient('ann@photos.test')
    // No app yet: the plan step cannot be taken.
    expect((await client.act(savePlanStepAction, { planId: 'free' })).result).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' })
    expect((await client.act(saveAppStepAction, { appId: 'photoprism-family' })).redirect).toBe('/signup/organization')
    expect((await client.act(saveOrganizationStepAction, { name: 'The Photos', slug: 'the-photos' })).redirect).toBe('/signup/plan')
    const generic = await client.act(savePlanStepAction, { planId: 'free' })
    expect(generic.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { planId: ['Choose one of the plans shown'] } })
    expect((await client.act(savePlanStepAction, { planId: 'photoprism-family-free' })).redirect).toBe('/signup/review')

    const started = await client.act(completeSignupAction)
    expect(started.redirect, JSON.stringify(started.result)).toBe('/the-photos/provisioning')
    const tenant = await database.db.tenant.findUniqueOrThrow({ where: { slug: 'the-photos' } })
    expect(tenant).toMatchObject({ appId: 'photoprism-family', planId: 'photoprism-family-free' })
  })

  it('forgets the plan when another app is chosen, and keeps it when the same app is chosen again', async () => {
    const client = await verifiedClient('bo@apps.test')
    await client.act(saveAppStepAction, { appId: 'mechanicbuddy' })
    await client.act(saveOrganizationStepAction, { name: 'Bo Garage', slug: 'bo-garage' })
    expect((await client.act(savePlanStepAction, { planId: 'mechanicbuddy-free' })).redirect).toBe('/signup/review')
    // Back to the app step, same app: straight on to the plan (kept), then the review.
    expect((await client.act(saveAppStepAction, { appId: 'mechanicbuddy' })).redirect).toBe('/signup/plan')
    expect((await client.act(completeSignupAction)).redirect).toBe('/bo-garage/provisioning')

    const other = await verifiedClient('cy@apps.test')
    await other.act(saveAppStepAction, { appId: 'iot-platform' })
    await other.act(saveOrganizationStepAction, { name: 'Cy Devices', slug: 'cy-devices' })
    await other.act(savePlanStepAction, { planId: 'iot-platform-free' })
    await other.act(saveAppStepAction, { appId: 'browser-sessions' })
    // The iot plan is gone with its app: the last step refuses until a plan of browser-sessions is chosen.
    expect((await other.act(completeSignupAction)).result).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' })
    expect(await database.db.tenant.count({ where: { slug: 'cy-devices' } })).toBe(0)
  })

  it('is skipped when one app is sold: the wizard is what it always was', async () => {
    process.env.APPS_SOLD = 'generic'
    resetEnvCache()
    resetAppsCache()
    expect(wizardSteps()).toEqual(['account', 'organization', 'plan', 'review'])
    const client = await verifiedClient('di@one-app.test')
    expect((await client.act(saveOrganizationStepAction, { name: 'Di One', slug: 'di-one' })).redirect).toBe('/signup/plan')
    expect((await client.act(savePlanStepAction, { planId: 'free' })).redirect).toBe('/signup/review')
    expect((await client.act(completeSignupAction)).redirect).toBe('/di-one/provisioning')
    expect(await database.db.tenant.findUniqueOrThrow({ where: { slug: 'di-one' } })).toMatchObject({ appId: 'generic' })
    // An app that is not sold cannot be chosen by posting it.
    expect((await client.act(saveAppStepAction, { appId: 'photoprism-family' })).result).toMatchObject({ ok: false, code: 'VALIDATION' })
  })
})
