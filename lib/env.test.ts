import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from './env'

function problemsOf(source: Record<string, string>) {
  try {
    parseEnv(source)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseEnv', () => {
  it('gives embedded defaults on an empty environment', () => {
    const env = parseEnv({})
    expect(env.database).toEqual({ kind: 'pglite', dir: './data/pglite' })
    expect(env.jobsMode).toBe('embedded')
    expect(env.billingMode).toBe('none')
    expect(env.metricsMode).toBe('off')
    expect(env.PORT).toBe(3000)
    expect(env.appUrl).toBe('http://localhost:3000')
    expect(env.hasAuthSecret).toBe(false)
  })

  it('switches modes from configuration', () => {
    const env = parseEnv({
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/tenancy',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_123',
      PROMETHEUS_URL: 'http://127.0.0.1:9090',
      INNGEST_BASE_URL: 'http://127.0.0.1:8288',
    })
    expect(env.database).toEqual({ kind: 'postgres', url: 'postgresql://u:p@127.0.0.1:5432/tenancy' })
    expect(env.billingMode).toBe('stripe')
    expect(env.metricsMode).toBe('prometheus')
    expect(env.jobsMode).toBe('inngest')
  })

  it('names a malformed DATABASE_URL without echoing its value', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x' })
    expect(problems).toHaveLength(1)
    expect(problems[0]!.variable).toBe('DATABASE_URL')
    expect(problems[0]!.message).toMatch(/postgres/)
    expect(JSON.stringify(problems)).not.toContain('hunter2')
  })

  it('reads TRUSTED_PROXIES as a list of addresses and CIDRs (none by default) and names a bad entry', () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([])
    expect(parseEnv({ TRUSTED_PROXIES: ' 10.0.0.0/8, ::1 ,' }).TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '::1'])
    const problems = problemsOf({ TRUSTED_PROXIES: '10.0.0.0/8,everyone,10.0.0.0/40' })
    expect(problems.map((p) => p.variable)).toEqual(['TRUSTED_PROXIES', 'TRUSTED_PROXIES'])
    expect(problems[0]!.message).toContain('"everyone"')
    expect(problems[1]!.message).toContain('"10.0.0.0/40"')
  })

  it('reads the idle timeout of sessions (30 minutes) and the lifetime of a passed second factor (12 hours)', () => {
    expect(parseEnv({})).toMatchObject({ SESSION_IDLE_MINUTES: 30, MFA_MAX_AGE_HOURS: 12 })
    expect(parseEnv({ SESSION_IDLE_MINUTES: '480', MFA_MAX_AGE_HOURS: '1' })).toMatchObject({
      SESSION_IDLE_MINUTES: 480,
      MFA_MAX_AGE_HOURS: 1,
    })
    const problems = problemsOf({ SESSION_IDLE_MINUTES: '0', MFA_MAX_AGE_HOURS: 'forever' })
    expect(problems.map((p) => p.variable).sort()).toEqual(['MFA_MAX_AGE_HOURS', 'SESSION_IDLE_MINUTES'])
    expect(problemsOf({ SESSION_IDLE_MINUTES: '50000' })[0]!.variable).toBe('SESSION_IDLE_MINUTES') // over 30 days
  })

  it('reads APPS_FILE like PLANS_FILE: a trimmed path, unset when empty', () => {
    expect(parseEnv({}).APPS_FILE).toBeUndefined()
    expect(parseEnv({ APPS_FILE: '  ' }).APPS_FILE).toBeUndefined()
    expect(parseEnv({ APPS_FILE: ' /etc/tenancy/apps.json ', PLANS_FILE: '/etc/tenancy/plans.json' })).toMatchObject({
      APPS_FILE: '/etc/tenancy/apps.json',
      PLANS_FILE: '/etc/tenancy/plans.json',
    })
  })

  it('names an unknown mode value and lists the allowed ones', () => {
    const problems = problemsOf({ CLUSTER_MODE: 'yolo' })
    expect(problems[0]!.variable).toBe('CLUSTER_MODE')
    expect(problems[0]!.message).toContain('dry-run')
    expect(problems[0]!.message).toContain('"yolo"')
  })

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'abc', JOBS_MODE: 'cloud', TAX_RATE_BPS: '-1' })
    expect(problems.map((p) => p.variable).sort()).toEqual(['JOBS_MODE', 'PORT', 'TAX_RATE_BPS'])
  })

  it('refuses missing, placeholder and short secrets in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).map((p) => p.variable)).toContain('AUTH_SECRET')
    expect(problemsOf({ NODE_ENV: 'production', AUTH_SECRET: 'changeme' })[0]!.message).toMatch(/placeholder/)
    expect(problemsOf({ NODE_ENV: 'production', AUTH_SECRET: 'short-but-real' })[0]!.message).toMatch(/32 characters/)
    expect(problemsOf({ NODE_ENV: 'production', AUTH_SECRET: 'a'.repeat(40), ALERTMANAGER_TOKEN: 'secret' })[0]!.variable).toBe(
      'ALERTMANAGER_TOKEN',
    )
    expect(() => parseEnv({ NODE_ENV: 'production', AUTH_SECRET: 'q8R2vX0pLm4tY7wZ1sD5fG9hJ3kC6bN8' })).not.toThrow()
  })

  it('accepts the development secret outside production', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).AUTH_SECRET).toBe('development-only-secret')
  })

  it('rejects inngest mode without an Inngest to talk to', () => {
    expect(problemsOf({ JOBS_MODE: 'inngest' })[0]!.variable).toBe('JOBS_MODE')
  })

  it('reads per-step provisioning timeouts, falling back to the default', () => {
    const env = parseEnv({ PROVISION_STEP_TIMEOUT_SECONDS: '90', PROVISION_STEP_TIMEOUTS: 'wait-database=600,wait-app=30' })
    expect(env.stepTimeoutMs('wait-database')).toBe(600_000)
    expect(env.stepTimeoutMs('wait-app')).toBe(30_000)
    expect(env.stepTimeoutMs('namespace')).toBe(90_000)
    expect(problemsOf({ PROVISION_STEP_TIMEOUTS: 'wait-app:30' })[0]!.variable).toBe('PROVISION_STEP_TIMEOUTS')
  })
})
