// Every background workflow, in one list: the embedded runner executes these definitions and
// /api/inngest serves the same ones to Inngest (inngest/adapter.ts).
import type { JobFunction } from '@/lib/jobs/define'
import { pruneRateLimitsJob } from './auth/prune-rate-limits'
import { processStripeEventJob } from './billing/process-stripe-event'
import { generateMonthlyInvoicesJob } from './billing/generate-monthly-invoices'
import { sweepSubscriptionsJob } from './billing/sweep-subscriptions'
import { collectUsageJob } from './metering/collect-usage'
import { buildDataExportJob } from './orgs/build-data-export'
import { expireDataExportsJob } from './orgs/expire-data-exports'
import { purgeOrganizationJob } from './orgs/purge-organization'
import { sweepDeletionsJob } from './orgs/sweep-deletions'
import { sendEmail } from './notifications/send-email'
import { changePlan } from './provisioning/change-plan'
import { changeDomain } from './provisioning/change-domain'
import { checkCustomDomainsJob } from './provisioning/check-custom-domains'
import { deprovisionTenant } from './provisioning/deprovision-tenant'
import { provisionTenant } from './provisioning/provision-tenant'
import { reconcileFleet } from './provisioning/reconcile-fleet'
import { resumeTenant } from './provisioning/resume-tenant'
import { suspendTenant } from './provisioning/suspend-tenant'

export const jobFunctions: JobFunction[] = [
  sendEmail,
  provisionTenant,
  changePlan,
  changeDomain,
  suspendTenant,
  resumeTenant,
  deprovisionTenant,
  reconcileFleet,
  checkCustomDomainsJob,
  processStripeEventJob,
  sweepSubscriptionsJob,
  generateMonthlyInvoicesJob,
  collectUsageJob,
  sweepDeletionsJob,
  purgeOrganizationJob,
  buildDataExportJob,
  expireDataExportsJob,
  pruneRateLimitsJob,
] as JobFunction[]
