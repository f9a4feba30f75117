/**
 * The configuration viewer: every setting of lib/env.ts with its effective value, secrets never
 * shown. A variable is secret when it is listed in SECRET_VARIABLES or its name says so
 * (SECRET, KEY, TOKEN, PASSWORD, DATABASE_URL, SMTP_URL); a secret shows only whether it is set.
 * Credentials inside any other URL (user:password@) are masked too.
 */
import { SECRET_VARIABLES, type Env } from '../env'

export interface ConfigEntry {
  name: string
  value: string
  isSecret: boolean
  isSet: boolean
}

const SECRET_NAME = /SECRET|KEY|TOKEN|PASSWORD|DATABASE_URL|SMTP_URL/i

export function isSecretName(name: string): boolean {
  return (SECRET_VARIABLES as readonly string[]).includes(name) || SECRET_NAME.test(name)
}

function maskUrlCredentials(value: string): string {
  return value.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1<redacted>@')
}

/** `env` is the validated configuration (getEnv()): effective values, defaults included. */
export function configurationView(env: Env): ConfigEntry[] {
  const entries: ConfigEntry[] = []
  // Optional variables that are unset are absent from env: list the secret ones anyway.
  const names = new Set([...Object.keys(env), ...SECRET_VARIABLES])
  for (const name of names) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) continue // derived fields are listed below
    const value = (env as unknown as Record<string, unknown>)[name]
    const isSecret = isSecretName(name)
    const isSet = name === 'AUTH_SECRET' ? env.hasAuthSecret : value !== undefined && value !== null && value !== ''
    const shown = value === undefined || value === null ? '' : String(value)
    entries.push({ name, isSecret, isSet, value: isSecret ? (isSet ? 'set (hidden)' : 'not set') : maskUrlCredentials(shown) })
  }
  const derived: [string, string][] = [
    ['database', env.database.kind === 'postgres' ? 'postgres (DATABASE_URL)' : `pglite (${env.database.dir})`],
    ['jobs', env.jobsMode],
    ['billing', env.billingMode],
    ['metrics', env.metricsMode],
    ['oauth providers', env.oauthProviders.join(', ') || 'none'],
    ['app URL', maskUrlCredentials(env.appUrl)],
  ]
  for (const [name, value] of derived) entries.push({ name, value, isSecret: false, isSet: true })
  return entries.sort((a, b) => Number(/^[a-z]/.test(b.name)) - Number(/^[a-z]/.test(a.name)) || a.name.localeCompare(b.name))
}
