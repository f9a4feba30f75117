// Inngest calls this endpoint to run our functions when JOBS_MODE resolves to inngest. In
// embedded mode the runner inside the server executes them and this route answers 404.
import { serve } from 'inngest/next'
import { NextResponse } from 'next/server'
import { getEnv } from '@/lib/env'
import { inngestClient } from '@/inngest/client'
import { inngestFunctions } from '@/inngest/adapter'

export const dynamic = 'force-dynamic'

function handlers() {
  return serve({ client: inngestClient(), functions: inngestFunctions(inngestClient()) })
}

const notServed = () => NextResponse.json({ error: 'Inngest is not configured; jobs run in the embedded runner' }, { status: 404 })

type Handler = (request: Request, context: unknown) => Promise<Response>
const route = (method: 'GET' | 'POST' | 'PUT') => (request: Request, context: unknown) =>
  getEnv().jobsMode === 'inngest' ? (handlers()[method] as unknown as Handler)(request, context) : Promise.resolve(notServed())

export const GET = route('GET')
export const POST = route('POST')
export const PUT = route('PUT')
