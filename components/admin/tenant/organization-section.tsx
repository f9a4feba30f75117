// The console tenant page: the organization and its members.
import { DescriptionList } from '@/components/ui/description-list'
import { Section } from '@/components/ui/section'
import type { TenantDetail } from '@/lib/admin/get-tenant-detail'
import { isoDay } from '@/lib/format'
import { ROLE_LABELS } from '@/lib/orgs/roles'

export function OrganizationSection({ org, members }: Pick<TenantDetail, 'org' | 'members'>) {
  return (
    <Section title="Organization">
      <DescriptionList
        items={[
          { label: 'Slug', value: org.slug },
          { label: 'Created', value: isoDay(org.createdAt) },
          { label: 'Billing email', value: org.billingEmail ?? '—' },
          ...(org.deletionScheduledFor
            ? [{ label: 'Deletion', value: <span className="text-red-700">scheduled for {isoDay(org.deletionScheduledFor)}</span> }]
            : []),
        ]}
      />
      <h3 className="mt-4 text-sm font-semibold">Members</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {members.map((m) => (
          <li key={m.userId}>
            {m.email} <span className="text-slate-500">({ROLE_LABELS[m.role].toLowerCase()})</span>
          </li>
        ))}
      </ul>
    </Section>
  )
}
