import { afterEach, describe, expect, it, vi } from 'vitest'
import { resetEnvCache } from '../env'
import { createSmtpTransport, emailTransportFromEnv } from './transport'

afterEach(() => {
  vi.unstubAllEnvs()
  resetEnvCache()
})

describe('createSmtpTransport', () => {
  it('accepts smtp:// and smtps:// URLs without connecting', () => {
    expect(typeof createSmtpTransport('smtp://user:pass@127.0.0.1:2525?ignoreTLS=true').send).toBe('function')
    expect(typeof createSmtpTransport('smtps://mail.example.com:465').send).toBe('function')
  })

  it('refuses other URLs without echoing them', () => {
    expect(() => createSmtpTransport('https://user:hunter2@mail.example.com')).toThrow(
      /must start with smtp:\/\/ or smtps:\/\/ \(got https:\/\/\)/,
    )
    expect(() => createSmtpTransport('not a url hunter2')).toThrow(/not a valid URL/)
    for (const bad of ['https://user:hunter2@mail.example.com', 'not a url hunter2']) {
      try {
        createSmtpTransport(bad)
      } catch (error) {
        expect((error as Error).message).not.toContain('hunter2')
      }
    }
  })
})

describe('emailTransportFromEnv', () => {
  it('is null without SMTP_URL (embedded mode keeps mail) and SMTP with it', () => {
    vi.stubEnv('SMTP_URL', '')
    resetEnvCache()
    expect(emailTransportFromEnv()).toBeNull()

    vi.stubEnv('SMTP_URL', 'smtp://127.0.0.1:2525')
    resetEnvCache()
    expect(emailTransportFromEnv()).not.toBeNull()
  })
})
