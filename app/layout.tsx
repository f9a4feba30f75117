import type { Metadata } from 'next'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Tenancy — your app, managed per customer', template: '%s · Tenancy' },
  description: 'Sign up, pick a plan and get an isolated instance on Kubernetes in minutes.',
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  )
}
