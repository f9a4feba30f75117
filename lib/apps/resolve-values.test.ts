import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import type { AppDefinition } from './definition'
import { resolveValues } from './resolve-values'

const facts = {
  host: 'acme.tenants.example.com',
  'plan.backups': false,
  'component.web.cpu': '500m',
  'component.web.memoryMiB': 1000,
  'volume.files.accessModes': ['ReadWriteOnce'],
}

function refusal(mapping: AppDefinition['values'], given: Record<string, unknown> = facts): string {
  try {
    resolveValues(mapping, given as typeof facts)
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return (error as Error).message
  }
  throw new Error('expected the mapping to be refused')
}

describe('resolveValues', () => {
  it('turns dot paths into nested values, facts and literals alike', () => {
    expect(
      resolveValues(
        {
          'ingress.host': { fact: 'host' },
          'web.resources.limits.cpu': { fact: 'component.web.cpu' },
          'web.persistence.accessModes': { fact: 'volume.files.accessModes' },
          'web.env': { value: { LOG_LEVEL: 'info' } },
          replicas: { value: 2 },
        },
        facts,
      ),
    ).toEqual({
      ingress: { host: 'acme.tenants.example.com' },
      web: { resources: { limits: { cpu: '500m' } }, persistence: { accessModes: ['ReadWriteOnce'] }, env: { LOG_LEVEL: 'info' } },
      replicas: 2,
    })
  })

  it('scales a numeric fact, floors it, applies the minimum and appends the suffix', () => {
    expect(resolveValues({ buffers: { fact: 'component.web.memoryMiB', scale: 0.25, min: 16, suffix: 'MB' } }, facts)).toEqual({
      buffers: '250MB',
    })
    expect(resolveValues({ buffers: { fact: 'component.web.memoryMiB', scale: 0.01, min: 16 } }, facts)).toEqual({ buffers: 16 })
  })

  it('leaves out an entry whose `when` fact is false, keeps it when true', () => {
    const mapping = { 'backups.enabled': { fact: 'plan.backups' }, 'backups.schedule': { value: '0 3 * * *', when: 'plan.backups' } }
    expect(resolveValues(mapping, facts)).toEqual({ backups: { enabled: false } })
    expect(resolveValues(mapping, { ...facts, 'plan.backups': true })).toEqual({ backups: { enabled: true, schedule: '0 3 * * *' } })
  })

  it('refuses a fact the tenant’s facts do not hold, naming the path and the fact', () => {
    expect(refusal({ 'smtp.host': { fact: 'smtp.host' } })).toBe('values["smtp.host"]: fact "smtp.host" is missing for this tenant')
    expect(refusal({ x: { value: 1, when: 'plan.id' } })).toBe('values["x"]: fact "plan.id" is missing for this tenant')
  })

  it('refuses arithmetic on a fact that is not a number and a `when` that is not a boolean', () => {
    expect(refusal({ cpu: { fact: 'component.web.cpu', scale: 2 } })).toMatch(/^values\["cpu"\]: fact "component.web.cpu" is not a number/)
    expect(refusal({ cpu: { value: 1, when: 'host' } })).toBe('values["cpu"].when: fact "host" is not true or false')
  })

  it('refuses a path below one that holds a plain value', () => {
    expect(refusal({ ingress: { value: 'on' }, 'ingress.host': { fact: 'host' } })).toBe(
      'values["ingress.host"]: "ingress" is already set to a value',
    )
  })

  it('is pure: literals are copied, never shared between tenants', () => {
    const mapping = { env: { value: { A: '1' } }, modes: { fact: 'volume.files.accessModes' } }
    const first = resolveValues(mapping, facts) as { env: Record<string, string>; modes: string[] }
    first.env.A = 'changed'
    first.modes.push('ReadWriteMany')
    expect(resolveValues(mapping, facts)).toEqual({ env: { A: '1' }, modes: ['ReadWriteOnce'] })
  })
})
