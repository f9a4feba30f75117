// GET /.well-known/jwks.json → the public keys tenant instances verify their license with.
// Public by design: it holds public keys only.
import { listPublicKeys } from '@/lib/license/signing-key'

export const dynamic = 'force-dynamic'

export async function GET() {
  const keys = await listPublicKeys()
  return Response.json({ keys }, { headers: { 'cache-control': 'public, max-age=300' } })
}
