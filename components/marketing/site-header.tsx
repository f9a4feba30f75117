import Link from 'next/link'

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
        <Link href="/" className="text-lg font-bold tracking-tight">
          Tenancy
        </Link>
        <div className="flex items-center gap-6 text-sm font-medium text-slate-600">
          <Link href="/pricing" className="hover:text-slate-900">
            Pricing
          </Link>
          <Link href="/signin" className="hover:text-slate-900">
            Sign in
          </Link>
          <Link href="/signup" className="rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">
            Start free
          </Link>
        </div>
      </nav>
    </header>
  )
}

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 py-8 text-center text-sm text-slate-500">
      Tenancy — one isolated instance per customer, on your Kubernetes.
    </footer>
  )
}
