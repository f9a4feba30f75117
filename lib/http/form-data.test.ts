import { describe, expect, it } from 'vitest'
import { formDataToObject } from './form-data'

describe('formDataToObject', () => {
  it('turns FormData into an object, repeated keys into arrays', () => {
    const form = new FormData()
    form.append('name', 'Acme')
    form.append('role', 'admin')
    form.append('role', 'member')
    expect(formDataToObject(form)).toEqual({ name: 'Acme', role: ['admin', 'member'] })
  })
})
