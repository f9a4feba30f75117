// The console tenant page's actions: each button enabled by the one lifecycle rule
// (lib/provisioning/lifecycle.ts; the trial by extend-trial's rule), disabled with the reason
// otherwise, and confirmed in its dialog with a reason for the audit log.
import { changeTenantPlanAction } from '@/app/_actions/admin/change-tenant-plan'
import { deprovisionTenantAction } from '@/app/_actions/admin/deprovision-tenant'
import { extendTrialAction } from '@/app/_actions/admin/extend-trial'
import { resendNotificationAction } from '@/app/_actions/admin/resend-notification'
import { resumeTenantAction } from '@/app/_actions/admin/resume-tenant'
import { retryTenantProvisioningAction } from '@/app/_actions/admin/retry-tenant-provisioning'
import { suspendTenantAction } from '@/app/_actions/admin/suspend-tenant'
import { AdminActionButton } from '@/components/admin/admin-action-button'
import { Section } from '@/components/ui/section'
import { trialExtensionRefusal } from '@/lib/admin/extend-trial'
import type { TenantDetail } from '@/lib/admin/get-tenant-detail'
import { isoDay } from '@/lib/format'
import { plansOf } from '@/lib/plans/catalog'
import { decisionsFor, type Decision } from '@/lib/provisioning/lifecycle'

const disabledBy = (decision: Decision) => (decision.allowed ? {} : { disabled: true, disabledReason: decision.reason })

export function TenantActions({ detail }: { detail: TenantDetail }) {
  const { tenant, subscription } = detail
  const allowed = decisionsFor(tenant.state, ['suspend', 'resume', 'change-plan', 'retry', 'deprovision'] as const)
  const trialRefusal = trialExtensionRefusal(subscription)
  const hidden = { tenantId: tenant.id }
  return (
    <Section title="Actions">
      <div className="flex flex-wrap gap-3">
        <AdminActionButton
          label="Suspend"
          title={`Suspend ${tenant.slug}?`}
          description="Scales every workload to zero; volumes and data are kept. The customer's instance stops answering."
          action={suspendTenantAction}
          hidden={hidden}
          confirmLabel="Suspend"
          tone="danger"
          {...disabledBy(allowed.suspend)}
        />
        <AdminActionButton
          label="Resume"
          title={`Resume ${tenant.slug}?`}
          description="Restores the workloads' replicas and waits until they are ready."
          action={resumeTenantAction}
          hidden={hidden}
          confirmLabel="Resume"
          {...disabledBy(allowed.resume)}
        />
        <AdminActionButton
          label="Change plan"
          title={`Change the plan of ${tenant.slug}`}
          description={`Now on ${tenant.planId}. The instance's quota, limits and release are changed; billing is not.`}
          action={changeTenantPlanAction}
          hidden={hidden}
          confirmLabel="Change plan"
          fields={[
            {
              name: 'toPlanId',
              label: 'New plan',
              type: 'select',
              options: plansOf(tenant.appId)
                .filter((p) => p.id !== tenant.planId)
                .map((p) => ({ value: p.id, label: p.name })),
            },
          ]}
          {...disabledBy(allowed['change-plan'])}
        />
        <AdminActionButton
          label="Extend trial"
          title="Extend the trial"
          description={
            `Trial ends ${subscription?.trialEndsAt ? isoDay(subscription.trialEndsAt) : '—'}. ` +
            'Days are added to that date (or to today once it has passed).'
          }
          action={extendTrialAction}
          hidden={hidden}
          confirmLabel="Extend"
          fields={[{ name: 'days', label: 'Days to add', type: 'number', hint: '1 to 90' }]}
          {...(trialRefusal ? { disabled: true, disabledReason: trialRefusal } : {})}
        />
        <AdminActionButton
          label="Retry provisioning"
          title="Retry the failed provisioning"
          description="Starts a new run from the first step; what the failed run created is kept and checked again."
          action={retryTenantProvisioningAction}
          hidden={hidden}
          confirmLabel="Retry"
          {...disabledBy(allowed.retry)}
        />
        <AdminActionButton
          label="Deprovision"
          title={`Deprovision ${tenant.slug}?`}
          description="Uninstalls the app and deletes the namespace with its volumes. This cannot be undone."
          action={deprovisionTenantAction}
          hidden={hidden}
          confirmLabel="Deprovision"
          tone="danger"
          fields={[{ name: 'confirmation', label: `Type ${tenant.slug} to confirm` }]}
          {...disabledBy(allowed.deprovision)}
        />
        {detail.notifications.length > 0 && (
          <AdminActionButton
            label="Resend an email"
            title="Resend an email"
            description="Sends the same message again to the same address."
            action={resendNotificationAction}
            hidden={hidden}
            confirmLabel="Resend"
            fields={[
              {
                name: 'outboxId',
                label: 'Email',
                type: 'select',
                options: detail.notifications.map((n) => ({ value: n.id, label: `${n.subject} → ${n.to} (${isoDay(n.createdAt)})` })),
              },
            ]}
          />
        )}
      </div>
    </Section>
  )
}
