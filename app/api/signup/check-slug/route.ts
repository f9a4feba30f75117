// GET /api/signup/check-slug?slug=… → the live availability check of the organization step:
// 200 { isAvailable, reason? } for a well-formed address, 422 on `slug` for a malformed or reserved one.
import { z } from 'zod'
import { checkSlugInput } from '@/lib/orgs/check-slug'
import { SLUG_MESSAGES } from '@/lib/orgs/slug'
import { textField } from '@/lib/errors/input'
import { jsonRoute } from '@/app/_server/route'
import { requireApiUser } from '@/app/_server/require-api-user'

export const dynamic = 'force-dynamic'

const query = z.object({ slug: textField(SLUG_MESSAGES.empty, 200, SLUG_MESSAGES.tooLong) })

export const GET = jsonRoute(async (request) => {
  await requireApiUser(request)
  const { slug } = query.parse({ slug: new URL(request.url).searchParams.get('slug') ?? '' })
  return checkSlugInput(slug)
})
