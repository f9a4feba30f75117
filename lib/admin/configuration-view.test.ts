import { describe, expect, it } from 'vitest'
import { parseEnv } from '../env'
import { configurationView, isSecretName } from './configuration-view'

describe('configurationView', () => {
  const raw = {
    NODE_ENV: 'development',
    DATABASE_URL: 'postgresql://tenancy:db-pass-123@db.internal:5432/tenancy',
    AUTH_SECRET: 'a-very-long-auth-secret-value-0123456789',
    STRIPE_SECRET_KEY: 'sk_test_abcdef',
    STRIPE_WEBHOOK_SECRET: 'whsec_abcdef',
    SMTP_URL: 'smtp://mailer:smtp-pass-456@mail.example.com:587',
    PROMETHEUS_URL: 'http://scraper:prom-pass-789@prometheus:9090',
    ALERTMANAGER_TOKEN: 'am-token-000',
    ADMIN_PASSWORD: 'admin-pass-999',
    BASE_DOMAIN: 'apps.example.com',
  }
  const entries = configurationView(parseEnv(raw))
  const text = JSON.stringify(entries)

  it('never contains a secret value, a password in a URL, or the database URL', () => {
    for (const secret of [
      'db-pass-123',
      'a-very-long-auth-secret',
      'sk_test_abcdef',
      'whsec_abcdef',
      'smtp-pass-456',
      'prom-pass-789',
      'am-token-000',
      'admin-pass-999',
      'db.internal',
    ]) {
      expect(text).not.toContain(secret)
    }
  })

  it('says whether each secret is set, and shows ordinary values', () => {
    const byName = new Map(entries.map((e) => [e.name, e]))
    expect(byName.get('AUTH_SECRET')).toMatchObject({ isSecret: true, isSet: true, value: 'set (hidden)' })
    expect(byName.get('GITHUB_SECRET')).toMatchObject({ isSecret: true, isSet: false, value: 'not set' })
    expect(byName.get('BASE_DOMAIN')).toMatchObject({ isSecret: false, value: 'apps.example.com' })
    expect(byName.get('PROMETHEUS_URL')?.value).toBe('http://<redacted>@prometheus:9090')
    expect(byName.get('database')?.value).toBe('postgres (DATABASE_URL)')
    expect(byName.get('billing')?.value).toBe('stripe')
    const unsetAuth = new Map(configurationView(parseEnv({})).map((e) => [e.name, e]))
    expect(unsetAuth.get('AUTH_SECRET')).toMatchObject({ isSet: false, value: 'not set' }) // the development fallback is not "set"
    expect(JSON.stringify([...unsetAuth.values()])).not.toContain('development-only-secret')
  })

  it('treats names that look secret as secret even when not listed', () => {
    expect(['SOME_API_KEY', 'X_TOKEN', 'LDAP_PASSWORD', 'DATABASE_URL', 'SMTP_URL'].every(isSecretName)).toBe(true)
    expect(isSecretName('BASE_DOMAIN')).toBe(false)
  })
})
