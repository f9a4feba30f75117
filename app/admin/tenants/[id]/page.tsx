// One tenant, everything the console knows: organization and members, plan and subscription,
// the instance with its workflow runs (timeline per run), actions, invoices, emails and audit.
import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { z } from 'zod'
import { requireSuperAdmin } from '@/app/_server/session'
import { AdminActionButton } from '@/components/admin/admin-action-button'
import { TenantStateBadge } from '@/components/admin/tenant-state-badge'
import { StepTimeline } from '@/components/dashboard/step-timeline'
import { getTenantDetail } from '@/lib/admin/get-tenant-detail'
import { getClusterObjects } from '@/lib/admin/get-cluster-objects'
import { getUsageSeries } from '@/lib/metering/get-usage-series'
import { ClusterObjects } from '@/components/admin/cluster-objects'
import { UsageCharts } from '@/components/usage/usage-charts'
import { isAppError } from '@/lib/errors/app-error'
import { getCatalog } from '@/lib/plans/catalog'

export const metadata: Metadata = { title: 'Tenant' }

const money = (cents: number, currency: string) =>
  `${(cents / 100).toLocaleString('en-US', { style: 'currency', currency: currency.toUpperCase() })}`
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—')
const minute = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `h-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  return (
    <section aria-labelledby={id} className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <h2 id={id} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSuperAdmin()
  const { id } = await params
  if (!z.string().min(1).max(64).safeParse(id).success) notFound()
  const detail = await getTenantDetail({ tenantId: id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const { tenant, org, subscription } = detail
  const [objects, usage] = await Promise.all([getClusterObjects({ tenantId: tenant.id }), getUsageSeries({ orgId: org.id, range: '30d' })])
  const base = `/api/admin/tenants/${tenant.id}`
  const provisionRun = detail.runs.find((r) => r.kind === 'PROVISION')
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/tenants" className="text-brand-700 hover:underline">
          ← Tenants
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{org.name}</h1>
        <TenantStateBadge state={tenant.state} />
      </div>

      <Section title="Actions">
        <div className="flex flex-wrap gap-3">
          <AdminActionButton
            label="Suspend"
            title={`Suspend ${tenant.slug}?`}
            description="Scales every workload to zero; volumes and data are kept. The customer's instance stops answering."
            url={`${base}/suspend`}
            confirmLabel="Suspend"
            tone="danger"
            disabled={!['ACTIVE', 'UPDATING', 'FAILED'].includes(tenant.state)}
          />
          <AdminActionButton
            label="Resume"
            title={`Resume ${tenant.slug}?`}
            description="Restores the workloads' replicas and waits until they are ready."
            url={`${base}/resume`}
            confirmLabel="Resume"
            disabled={tenant.state !== 'SUSPENDED'}
          />
          <AdminActionButton
            label="Change plan"
            title={`Change the plan of ${tenant.slug}`}
            description={`Now on ${tenant.planId}. The instance's quota, limits and release are changed; billing is not.`}
            url={`${base}/plan`}
            confirmLabel="Change plan"
            fields={[
              {
                name: 'toPlanId',
                label: 'New plan',
                type: 'select',
                options: getCatalog()
                  .filter((p) => p.id !== tenant.planId)
                  .map((p) => ({ value: p.id, label: p.name })),
              },
            ]}
            disabled={!['ACTIVE', 'SUSPENDED'].includes(tenant.state)}
          />
          <AdminActionButton
            label="Extend trial"
            title="Extend the trial"
            description={`Trial ends ${day(subscription?.trialEndsAt ?? null)}. Days are added to that date (or to today once it has passed).`}
            url={`${base}/trial`}
            confirmLabel="Extend"
            fields={[{ name: 'days', label: 'Days to add', type: 'number', hint: '1 to 90' }]}
            disabled={subscription?.status !== 'TRIALING'}
          />
          <AdminActionButton
            label="Retry provisioning"
            title="Retry the failed provisioning"
            description="Starts a new run from the first step; what the failed run created is kept and checked again."
            url={`${base}/retry`}
            confirmLabel="Retry"
            disabled={tenant.state !== 'FAILED'}
          />
          <AdminActionButton
            label="Deprovision"
            title={`Deprovision ${tenant.slug}?`}
            description="Uninstalls the app and deletes the namespace with its volumes. This cannot be undone."
            url={`${base}/deprovision`}
            confirmLabel="Deprovision"
            tone="danger"
            fields={[{ name: 'confirmation', label: `Type ${tenant.slug} to confirm` }]}
            disabled={['DEPROVISIONING', 'DEPROVISIONED', 'PENDING', 'PROVISIONING'].includes(tenant.state)}
          />
          {detail.notifications.length > 0 && (
            <AdminActionButton
              label="Resend an email"
              title="Resend an email"
              description="Sends the same message again to the same address."
              url={`${base}/resend`}
              confirmLabel="Resend"
              fields={[
                {
                  name: 'outboxId',
                  label: 'Email',
                  type: 'select',
                  options: detail.notifications.map((n) => ({ value: n.id, label: `${n.subject} → ${n.to} (${day(n.createdAt)})` })),
                },
              ]}
            />
          )}
        </div>
      </Section>

      <div className="grid gap-6 md:grid-cols-2">
        <Section title="Organization">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Slug</dt>
            <dd>{org.slug}</dd>
            <dt className="text-slate-500">Created</dt>
            <dd>{day(org.createdAt)}</dd>
            <dt className="text-slate-500">Billing email</dt>
            <dd>{org.billingEmail ?? '—'}</dd>
            {org.deletionScheduledFor && (
              <>
                <dt className="text-slate-500">Deletion</dt>
                <dd className="text-red-700">scheduled for {day(org.deletionScheduledFor)}</dd>
              </>
            )}
          </dl>
          <h3 className="mt-4 text-sm font-semibold">Members</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {detail.members.map((m) => (
              <li key={m.userId}>
                {m.email} <span className="text-slate-500">({m.role.toLowerCase()})</span>
              </li>
            ))}
          </ul>
        </Section>

        <Section title="Plan and subscription">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Instance plan</dt>
            <dd>
              {detail.plan?.name ?? tenant.planId}
              {detail.plan?.priceCents != null && ` · ${money(detail.plan.priceCents, 'usd')}/month`}
            </dd>
            <dt className="text-slate-500">Subscription</dt>
            <dd>{subscription ? `${subscription.planId}, ${subscription.status.toLowerCase().replace('_', ' ')}` : 'none'}</dd>
            {subscription?.trialEndsAt && (
              <>
                <dt className="text-slate-500">Trial ends</dt>
                <dd>{day(subscription.trialEndsAt)}</dd>
              </>
            )}
            {subscription?.pastDueSince && (
              <>
                <dt className="text-slate-500">Past due since</dt>
                <dd>
                  {day(subscription.pastDueSince)}
                  {subscription.graceEndsAt && ` (grace until ${day(subscription.graceEndsAt)})`}
                </dd>
              </>
            )}
            {subscription?.currentPeriodEnd && (
              <>
                <dt className="text-slate-500">Period ends</dt>
                <dd>
                  {day(subscription.currentPeriodEnd)}
                  {subscription.cancelAtPeriodEnd && ' (cancels then)'}
                </dd>
              </>
            )}
            <dt className="text-slate-500">Stripe</dt>
            <dd>{subscription?.stripeSubscriptionId ?? 'not billed by Stripe'}</dd>
          </dl>
        </Section>
      </div>

      <Section title="Instance">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Namespace</dt>
          <dd>{tenant.namespace}</dd>
          <dt className="text-slate-500">Address</dt>
          <dd>{tenant.url ?? '—'}</dd>
          <dt className="text-slate-500">Version</dt>
          <dd>{tenant.appVersion ?? '—'}</dd>
          <dt className="text-slate-500">Last deploy</dt>
          <dd>{tenant.lastDeployedAt ? minute(tenant.lastDeployedAt) : '—'}</dd>
          {tenant.suspendReason && (
            <>
              <dt className="text-slate-500">Suspended</dt>
              <dd>
                {tenant.suspendedAt && `${minute(tenant.suspendedAt)}: `}
                {tenant.suspendReason}
              </dd>
            </>
          )}
        </dl>
        {provisionRun && (
          <div className="mt-4">
            <h3 className="mb-2 text-sm font-semibold">
              Provisioning ({provisionRun.status.toLowerCase()}
              {provisionRun.dryRun ? ', dry-run' : ''}, started {minute(provisionRun.startedAt)})
            </h3>
            {provisionRun.error && <p className="mb-2 text-sm text-red-700">{provisionRun.error}</p>}
            <StepTimeline steps={provisionRun.steps} />
          </div>
        )}
        {detail.runs.length > 0 && (
          <table className="mt-4 w-full text-left text-sm">
            <caption className="mb-2 text-left text-sm font-semibold">Workflow runs (newest first)</caption>
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  Kind
                </th>
                <th scope="col" className="py-1 font-medium">
                  Status
                </th>
                <th scope="col" className="py-1 font-medium">
                  Started
                </th>
                <th scope="col" className="py-1 font-medium">
                  Steps
                </th>
                <th scope="col" className="py-1 font-medium">
                  Error
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.runs.map((r) => (
                <tr key={r.id} className="border-t border-slate-100" data-run-kind={r.kind}>
                  <td className="py-1">
                    {r.kind.toLowerCase().replace('_', ' ')}
                    {r.toPlanId ? ` → ${r.toPlanId}` : ''}
                  </td>
                  <td className="py-1">{r.status.toLowerCase()}</td>
                  <td className="py-1">{minute(r.startedAt)}</td>
                  <td className="py-1">
                    {r.steps.map((s) => `${s.name}${s.durationMs !== null ? ` ${(s.durationMs / 1000).toFixed(1)}s` : ''}`).join(' · ')}
                  </td>
                  <td className="py-1 text-red-700">{r.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Cluster objects">
        <ClusterObjects objects={objects} />
      </Section>

      <Section title="Usage, last 30 days">
        <UsageCharts series={usage} />
      </Section>

      <Section title="Invoices">
        {detail.invoices.length === 0 ? (
          <p className="text-sm text-slate-600">No invoices.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Invoices, newest first</caption>
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  Number
                </th>
                <th scope="col" className="py-1 font-medium">
                  Period
                </th>
                <th scope="col" className="py-1 font-medium">
                  Status
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Total
                </th>
                <th scope="col" className="py-1 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.invoices.map((i) => (
                <tr key={i.id} className="border-t border-slate-100">
                  <td className="py-1">{i.number}</td>
                  <td className="py-1">{i.periodStart.slice(0, 7)}</td>
                  <td className="py-1">{i.status.toLowerCase()}</td>
                  <td className="py-1 text-right">{money(i.totalCents, i.currency)}</td>
                  <td className="py-1 pl-3">
                    {i.status === 'OPEN' && (
                      <AdminActionButton
                        label="Mark paid"
                        title={`Mark ${i.number} paid`}
                        description="Records a payment received outside Stripe (bank transfer, cheque). Stripe-collected invoices follow Stripe."
                        url={`/api/admin/invoices/${i.id}/paid`}
                        confirmLabel="Mark paid"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Audit log">
        <p className="mb-2 text-sm">
          <Link href={`/admin/audit?tenantId=${tenant.id}`} className="text-brand-700 hover:underline">
            All entries for this tenant
          </Link>
        </p>
        {detail.audit.length === 0 ? (
          <p className="text-sm text-slate-600">No entries.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  When
                </th>
                <th scope="col" className="py-1 font-medium">
                  Action
                </th>
                <th scope="col" className="py-1 font-medium">
                  By
                </th>
                <th scope="col" className="py-1 font-medium">
                  Reason
                </th>
                <th scope="col" className="py-1 font-medium">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.audit.map((a) => (
                <tr key={a.id} className="border-t border-slate-100 align-top" data-audit-action={a.action}>
                  <td className="py-1 whitespace-nowrap">{minute(a.at)}</td>
                  <td className="py-1">{a.action}</td>
                  <td className="py-1">{a.actorEmail ?? a.actorType.toLowerCase()}</td>
                  <td className="py-1">{a.reason ?? ''}</td>
                  <td className="py-1 font-mono text-xs break-all">
                    {a.before !== null && a.before !== undefined ? `${JSON.stringify(a.before)} → ` : ''}
                    {a.after !== null && a.after !== undefined ? JSON.stringify(a.after) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  )
}
