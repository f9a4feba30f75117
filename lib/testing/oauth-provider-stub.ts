/**
 * A small OAuth2 authorization server on 127.0.0.1 for tests, speaking both GitHub's and Google's
 * dialects: authorize (consents at once as the identity set with `signInAs`, or refuses),
 * token (checks client credentials, redirect URI and the PKCE S256 verifier; single-use codes),
 * and the profile endpoints (GitHub /user and /user/emails, Google /v1/userinfo).
 *
 * Point the app at it with GITHUB_OAUTH_URL = GITHUB_API_URL = `url`, and
 * GOOGLE_AUTHORIZATION_URL / GOOGLE_TOKEN_URL / GOOGLE_USERINFO_URL = `url` + the paths below.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type net from 'node:net'

export interface StubIdentity {
  id: string
  name: string | null
  emails: { email: string; primary: boolean; verified: boolean }[]
}

interface Grant {
  identity: StubIdentity
  clientId: string
  redirectUri: string
  codeChallenge: string
}

export interface OAuthProviderStub {
  url: string
  google: { authorizationUrl: string; tokenUrl: string; userinfoUrl: string }
  /** Who consents at the next authorization; `null` makes the user cancel (error=access_denied). */
  signInAs(identity: StubIdentity | null): void
  /** Every request received, for assertions (method and path; the token form for POST /…token). */
  requests: { method: string; path: string; form?: Record<string, string> }[]
  /** The next token request answers 500 (the provider is down). */
  failNextTokenRequest(): void
  close(): Promise<void>
}

export async function startOAuthProviderStub(clients: Record<string, string>): Promise<OAuthProviderStub> {
  let identity: StubIdentity | null = null
  let failToken = false
  const grants = new Map<string, Grant>()
  const tokens = new Map<string, StubIdentity>()
  const requests: OAuthProviderStub['requests'] = []

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    const body = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    })
    const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : undefined
    requests.push({ method: req.method ?? 'GET', path: url.pathname, form })
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(value))
    }
    const bearer = () => tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''))

    if (req.method === 'GET' && (url.pathname === '/login/oauth/authorize' || url.pathname === '/o/oauth2/v2/auth')) {
      const p = url.searchParams
      const redirectUri = p.get('redirect_uri') ?? ''
      const back = new URL(redirectUri)
      back.searchParams.set('state', p.get('state') ?? '')
      if (!clients[p.get('client_id') ?? ''] || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) {
        back.searchParams.set('error', 'invalid_request')
      } else if (!identity) {
        back.searchParams.set('error', 'access_denied')
      } else {
        const code = crypto.randomBytes(16).toString('hex')
        grants.set(code, { identity, clientId: p.get('client_id')!, redirectUri, codeChallenge: p.get('code_challenge')! })
        back.searchParams.set('code', code)
      }
      res.writeHead(302, { location: back.toString() })
      return res.end()
    }

    if (req.method === 'POST' && (url.pathname === '/login/oauth/access_token' || url.pathname === '/token')) {
      const isGoogle = url.pathname === '/token'
      const refuse = (error: string) => json(isGoogle ? 400 : 200, { error }) // GitHub answers errors with 200
      if (failToken) {
        failToken = false
        return json(500, { error: 'server_error' })
      }
      const grant = grants.get(form?.code ?? '')
      grants.delete(form?.code ?? '') // single use
      if (!grant) return refuse('bad_verification_code')
      if (clients[form?.client_id ?? ''] !== form?.client_secret || form?.client_id !== grant.clientId)
        return refuse('incorrect_client_credentials')
      if (form?.redirect_uri !== grant.redirectUri) return refuse('redirect_uri_mismatch')
      if (
        crypto
          .createHash('sha256')
          .update(form?.code_verifier ?? '')
          .digest('base64url') !== grant.codeChallenge
      )
        return refuse('invalid_grant')
      if (isGoogle && form?.grant_type !== 'authorization_code') return refuse('unsupported_grant_type')
      const token = crypto.randomBytes(16).toString('hex')
      tokens.set(token, grant.identity)
      return json(200, { access_token: token, token_type: 'bearer', scope: 'read:user user:email' })
    }

    const who = bearer()
    if (req.method === 'GET' && url.pathname === '/user') {
      if (!who) return json(401, { message: 'Bad credentials' })
      const publicEmail = who.emails.find((e) => e.primary)?.email ?? null
      return json(200, { id: Number(who.id), login: `user${who.id}`, name: who.name, email: publicEmail })
    }
    if (req.method === 'GET' && url.pathname === '/user/emails') {
      if (!who) return json(401, { message: 'Bad credentials' })
      return json(
        200,
        who.emails.map((e) => ({ ...e, visibility: e.primary ? 'public' : null })),
      )
    }
    if (req.method === 'GET' && url.pathname === '/v1/userinfo') {
      if (!who) return json(401, { error: 'invalid_token' })
      const primary = who.emails.find((e) => e.primary) ?? who.emails[0]
      return json(200, { sub: who.id, email: primary?.email, email_verified: primary?.verified ?? false, name: who.name })
    }
    json(404, { error: 'not_found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    google: { authorizationUrl: `${url}/o/oauth2/v2/auth`, tokenUrl: `${url}/token`, userinfoUrl: `${url}/v1/userinfo` },
    signInAs: (next) => {
      identity = next
    },
    requests,
    failNextTokenRequest: () => {
      failToken = true
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
