// A titled card: <section aria-labelledby> named by its h2, with an optional description and
// actions beside the title. The heading id comes from the title unless given (give one when two
// sections of a page share a title).
//
//   <Section title="Workers" id="h-workers">…</Section>
//   <Section title="Configuration" description="Effective values (defaults included)." actions={<ButtonLink …/>}>…</Section>

const PADDING = { 4: 'p-4', 5: 'p-5', 6: 'p-6' } as const

/** "Dead letters (3)" → "h-dead-letters-3". */
export function sectionId(title: string): string {
  return `h-${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`
}

export function Section({
  title,
  id,
  description,
  actions,
  padding = 5,
  className = '',
  children,
}: {
  /** The h2's text; a string also gives the default id. */
  title: React.ReactNode
  id?: string
  description?: React.ReactNode
  actions?: React.ReactNode
  padding?: keyof typeof PADDING
  /** Extra classes for the section (e.g. `space-y-3`); the card's own classes stay. */
  className?: string
  children?: React.ReactNode
}) {
  const headingId = id ?? sectionId(typeof title === 'string' ? title : 'section')
  const heading = (
    <h2 id={headingId} className={`text-lg font-semibold${description || actions ? '' : ' mb-3'}`}>
      {title}
    </h2>
  )
  return (
    <section aria-labelledby={headingId} className={`rounded-lg bg-white ${PADDING[padding]} ring-1 ring-slate-200 ${className}`.trim()}>
      {description || actions ? (
        <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
          <div>
            {heading}
            {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
          </div>
          {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  )
}
