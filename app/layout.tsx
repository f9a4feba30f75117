import type { Metadata } from 'next'
import { connection } from 'next/server'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Tenancy — your app, managed per customer', template: '%s · Tenancy' },
  description: 'Sign up, pick a plan and get an isolated instance on Kubernetes in minutes.',
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: proxy.ts gives each answer a new CSP nonce, which Next puts on its
  // scripts while rendering; a page prerendered at build time would carry none and not run under the policy.
  await connection()
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  )
}
