// GET /api/orgs/<slug>/instance/manifests → the YAML of the latest dry-run provisioning, as a
// download (owners and admins; Secret values redacted).
import { NextResponse } from 'next/server'
import { orgRoute } from '@/app/_server/org-route'
import { getRunManifests } from '@/lib/provisioning/get-run-manifests'

export const dynamic = 'force-dynamic'

export const GET = orgRoute(async (_request, _ctx, { org, user }) => {
  const { fileName, yaml } = await getRunManifests({ orgId: org.id, userId: user.id })
  return new NextResponse(yaml, {
    headers: {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
  })
})
