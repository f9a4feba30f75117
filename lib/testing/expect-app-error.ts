/** The one way integration tests check a refusal: the call rejects with an AppError. */
import { expect } from 'vitest'
import { AppError, type ErrorCode } from '../errors/app-error'

/**
 * Awaits `promise`, checks it rejected with an AppError (of `code` when given, with `fields` in
 * its field errors when given: each field's messages joined by " | " must match) and returns it.
 */
export async function expectAppError(
  promise: Promise<unknown>,
  code?: ErrorCode,
  fields?: Record<string, string | RegExp>,
): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(code ? `expected AppError ${code}, but the call succeeded` : 'expected the call to be refused')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  const appError = error as AppError
  if (code) expect(appError).toMatchObject({ name: 'AppError', code })
  for (const [field, expected] of Object.entries(fields ?? {})) {
    const messages = appError.details.fieldErrors?.[field]
    expect(messages, `field error for ${field}`).toBeDefined()
    expect(messages!.join(' | ')).toMatch(expected)
  }
  return appError
}
