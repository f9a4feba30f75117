import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { OAuthButtons } from './oauth-buttons'

describe('OAuthButtons', () => {
  it('links each configured provider to its start route, carrying where to go next', () => {
    const html = renderToStaticMarkup(
      <OAuthButtons
        providers={[
          { id: 'github', name: 'GitHub' },
          { id: 'google', name: 'Google' },
        ]}
        next="/invite?token=abc"
      />,
    )
    expect(html).toContain('href="/api/auth/oauth/github?next=%2Finvite%3Ftoken%3Dabc"')
    expect(html).toContain('Continue with GitHub')
    expect(html).toContain('href="/api/auth/oauth/google?next=%2Finvite%3Ftoken%3Dabc"')
  })

  it('renders nothing when no provider is configured', () => {
    expect(renderToStaticMarkup(<OAuthButtons providers={[]} />)).toBe('')
  })
})
