// The install step on a live cluster finds the release as an interrupted helm left it and clears
// the way first: a half-done install is removed, a half-done upgrade or rollback rolled back.
// (The cluster tier shows the real helm refusing to upgrade a pending release until it is.)
import { describe, expect, it } from 'vitest'
import type { HelmPort, HelmRelease, HelmStatus } from '../../helm/port'
import { createDryRunKube } from '../../k8s/dry-run'
import { validateManifest } from '../../k8s/validate'
import { useTestDatabase } from '../../testing/use-test-database'
import { loadTenant } from '../load-tenant'
import { newTenant } from '../testing/harness'
import { installRelease } from './install-release'

const database = useTestDatabase({ jobs: 'per-file' })

/** A helm that reports the release in `status` and records what it is asked to do. */
function helmFinding(status: string | null): HelmPort & { calls: string[] } {
  const calls: string[] = []
  const found = (revision: number, s: string): HelmStatus => ({ name: 'instance', namespace: 'ns', revision, status: s })
  return {
    calls,
    status: async () => (status ? found(3, status) : null),
    uninstall: async () => (calls.push('uninstall'), true),
    rollback: async (_name: string, _namespace: string, revision: number) => (calls.push(`rollback to ${revision}`), found(4, 'deployed')),
    upgradeInstall: async (release: HelmRelease) => (calls.push(`upgrade ${release.name}`), found(5, 'deployed')),
    template: async () => [],
    version: async () => 'v3.17.3',
    pull: async () => {
      throw new Error('a path chart is never pulled')
    },
  }
}

describe('installRelease on a live cluster', () => {
  it.each([
    [null, ['upgrade instance']],
    ['deployed', ['upgrade instance']],
    ['failed', ['upgrade instance']],
    ['pending-install', ['uninstall', 'upgrade instance']],
    ['pending-upgrade', ['rollback to 3', 'upgrade instance']],
    ['pending-rollback', ['rollback to 3', 'upgrade instance']],
  ])('finding the release %s, it runs %j', async (status, expected) => {
    const { tenantId } = await newTenant(database.db, 'pro')
    const helm = helmFinding(status)
    const result = await installRelease(
      { mode: 'live', kube: createDryRunKube({ validate: validateManifest }), helm },
      await loadTenant(tenantId),
      'run-1',
    )
    expect(helm.calls).toEqual(expected)
    expect(result.message).toBe('Release instance revision 5 deployed')
  })
})
