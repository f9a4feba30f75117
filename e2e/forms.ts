// Page forms submitted over HTTP the way a browser without JavaScript submits them: for setup steps
// of the specs that drive the app through an APIRequestContext (its cookies are the session).
// Reading the forms from the markup is e2e/form-markup.ts's (bench/signup reads them too).
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test'
import { formDataOf } from './form-markup'

export { alertsOf, hiddenFieldsOf, hiddenValuesOf } from './form-markup'

/**
 * What a browser without JavaScript does with a page form: GET `pageUrl`, find its
 * `<form aria-label="formName">`, take its hidden inputs, add `fields` (a field given here replaces
 * a hidden one of the same name), POST it all as multipart/form-data to the page with our Origin,
 * follow the redirects, and return the last response.
 */
export async function submitPageForm(
  request: APIRequestContext,
  pageUrl: string,
  formName: string,
  fields: Record<string, string> = {},
  options: { origin?: string } = {},
): Promise<APIResponse> {
  const page = await request.get(pageUrl)
  expect(page.status(), `GET ${pageUrl}`).toBe(200)
  const form = formDataOf(await page.text(), formName, fields)
  return request.post(pageUrl, { multipart: form, headers: { origin: options.origin ?? new URL(page.url()).origin } })
}
