// "Continue with GitHub / Google": plain links to the OAuth start route (a full navigation, since
// the provider's page follows). Rendered only for the providers this deployment configured.
const linkClass =
  'flex w-full items-center justify-center rounded-md bg-white px-4 py-2 text-sm font-semibold text-slate-900 ' +
  'shadow-sm ring-1 ring-slate-300 hover:bg-slate-50'
const dividerClass =
  'flex items-center gap-3 text-xs text-slate-500 ' +
  'before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200'

export function OAuthButtons({ providers, next }: { providers: { id: string; name: string }[]; next?: string }) {
  if (!providers.length) return null
  const query = next ? `?next=${encodeURIComponent(next)}` : ''
  return (
    <div className="mb-6 space-y-3">
      <ul aria-label="Other ways to continue" className="space-y-2">
        {providers.map((p) => (
          <li key={p.id}>
            <a href={`/api/auth/oauth/${p.id}${query}`} className={linkClass}>
              Continue with {p.name}
            </a>
          </li>
        ))}
      </ul>
      <p className={dividerClass}>or with email</p>
    </div>
  )
}
