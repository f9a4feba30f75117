const styles = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-600/50',
  secondary: 'bg-white text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-600/50',
} as const

const base = 'inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-semibold shadow-sm transition'

export function Button({
  variant = 'primary',
  className = '',
  ...rest
}: { variant?: keyof typeof styles } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button className={`${base} ${styles[variant]} ${className}`} {...rest} />
}
