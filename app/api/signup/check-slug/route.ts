// GET /api/signup/check-slug?slug=… → the live availability check of the organization step.
import { z } from 'zod'
import { checkSlug } from '@/lib/orgs/check-slug'
import { jsonRoute } from '@/app/_server/route'
import { requireApiUser } from '@/app/_server/require-api-user'

export const dynamic = 'force-dynamic'

export const GET = jsonRoute(async (request) => {
  await requireApiUser(request)
  const slug = z.string().max(200).parse(new URL(request.url).searchParams.get('slug') ?? '')
  return checkSlug(slug)
})
