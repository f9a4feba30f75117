import { describe, expect, it } from 'vitest'
import { assignableRoles, can, canManageMember, rolesWith } from './roles'

describe('role rules', () => {
  it.each([
    ['OWNER', { read: true, manage: true, own: true }],
    ['ADMIN', { read: true, manage: true, own: false }],
    ['MEMBER', { read: true, manage: false, own: false }],
  ] as const)('%s may %o', (role, expected) => {
    for (const [permission, allowed] of Object.entries(expected)) {
      expect(can(role, permission as keyof typeof expected)).toBe(allowed)
      expect(rolesWith(permission as keyof typeof expected).includes(role)).toBe(allowed)
    }
  })

  it('owners assign any role, admins never owner, members none', () => {
    expect(assignableRoles('OWNER')).toEqual(['OWNER', 'ADMIN', 'MEMBER'])
    expect(assignableRoles('ADMIN')).toEqual(['ADMIN', 'MEMBER'])
    expect(assignableRoles('MEMBER')).toEqual([])
  })

  it('owners are managed by owners only; members manage nobody', () => {
    expect(canManageMember('OWNER', 'OWNER')).toBe(true)
    expect(canManageMember('ADMIN', 'OWNER')).toBe(false)
    expect(canManageMember('ADMIN', 'ADMIN')).toBe(true)
    expect(canManageMember('ADMIN', 'MEMBER')).toBe(true)
    expect(canManageMember('MEMBER', 'MEMBER')).toBe(false)
  })
})
