/**
 * The live check of the "choose your address" field: is this slug valid, and is it free?
 * A slug is taken when an organization or a tenant holds it (a tenant keeps its address even
 * if its organization later changed slug or is waiting to be purged). A pure read.
 */
import { db } from '../db'
import { fieldError } from '../errors/input'
import { SLUG_MESSAGES, slugProblem } from './slug'

export interface SlugCheck {
  slug: string
  isAvailable: boolean
  reason?: string
}

type Reader = Pick<typeof db, '$queryRaw'>

/**
 * True when an organization or a tenant holds `slug` (`exceptOrgId` ignores that organization's own
 * slug). Asked of every organization whatever the scope (row-level security): the database function
 * tenancy_slug_taken answers only yes or no.
 */
export async function isSlugTaken(slug: string, options: { exceptOrgId?: string } = {}, client: Reader = db): Promise<boolean> {
  const [row] = await client.$queryRaw<{ taken: boolean }[]>`SELECT tenancy_slug_taken(${slug}, ${options.exceptOrgId ?? null}) AS "taken"`
  return Boolean(row?.taken)
}

/**
 * The check as the address field asks it over HTTP: a malformed or reserved slug is bad input
 * (VALIDATION on `slug`: it can never be used); a well-formed one is answered available or taken.
 */
export async function checkSlugInput(slug: string): Promise<SlugCheck> {
  const problem = slugProblem(slug)
  if (problem) throw fieldError('slug', problem)
  return checkSlug(slug)
}

export async function checkSlug(slug: string): Promise<SlugCheck> {
  const problem = slugProblem(slug)
  if (problem) return { slug, isAvailable: false, reason: problem }
  if (await isSlugTaken(slug)) return { slug, isAvailable: false, reason: SLUG_MESSAGES.taken }
  return { slug, isAvailable: true }
}
