// The tenant-app migration (issue 15) on a database made before it (the upgrade path). PGlite: a
// data directory migrated up to the migration before, filled with a customer history written in
// SQL the old schema accepts (this build's client already expects Tenant.appId), then migrated by
// this build and opened again. PostgreSQL (test:pg): a database migrated up to the migration
// before, filled and migrated the same way. Either way every tenant becomes `generic`, every table
// keeps its rows and every row its values, and this build's code reads the tenants.
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadTenant } from '../provisioning/load-tenant'
import { createTestDatabase, serverUrl } from '../testing/test-db'
import { asSystem, closeDb, installDb, withDbScope } from '.'
import { prismaOverPglite } from './client'
import { applyMigrations, migrationStatus, readMigrations } from './migrations'
import { copyTemplate, emptyTemplate } from './pglite-template'
import { openPglite, pgliteConnection, type SqlConnection } from './sql'
import { migrationsBefore } from './testing/migrations-before'

const TENANT_APP = '20261204090000_tenant_app'
const INDEX = 'Tenant_appId_appVersion_idx'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** This build's migrations from the tenant-app one on: what the upgrade applies. */
const remainingMigrations = () =>
  readMigrations()
    .filter((m) => m.name >= TENANT_APP)
    .map((m) => m.name)

// ───────────────────────── the history of the previous build ─────────────────────────

const PLANS = `(ARRAY['demo','free','pro','enterprise'])`
const TENANT_STATES = `(ARRAY['PENDING','PROVISIONING','ACTIVE','UPDATING','SUSPENDED','FAILED','DEPROVISIONING','DEPROVISIONED'])`
const SUBSCRIPTION_STATUSES = `(ARRAY['TRIALING','ACTIVE','PAST_DUE','PAUSED','CANCELED','EXPIRED','INCOMPLETE'])`
const INVOICE_STATUSES = `(ARRAY['DRAFT','OPEN','PAID','VOID','UNCOLLECTIBLE'])`
const T = `timestamp '2026-11-30 12:00:00'`
const ORGS = 30
const TENANTS = 48 // tenant g belongs to organization 1 + g % 24: orgs 25–30 have none, the others two

/**
 * A customer history in every table of the schema before the migration, in the old schema's SQL:
 * organizations (one deleted and purged), owners and members with their sign-in data, tenants in
 * every state on every plan (custom and pending domains, versions, credentials, licenses),
 * subscriptions in every status, plan periods, invoices with lines, usage samples, storage alerts,
 * provisioning runs with steps, audit entries, mail, exports, jobs, Stripe events, settings.
 */
const HISTORY = `
INSERT INTO "User" ("id", "email", "name", "image", "passwordHash", "emailVerifiedAt", "isSuperAdmin", "totpSecret", "totpEnabledAt",
                    "disabledAt", "createdAt", "updatedAt")
SELECT 'up-user-' || n, 'user-' || n || '@upgrade.test', 'User ' || g, CASE WHEN g % 3 = 0 THEN 'https://img.test/' || n END,
       CASE WHEN g % 4 <> 0 THEN 'scrypt$' || md5('pw' || g) END, CASE WHEN g % 7 <> 0 THEN ${T} - make_interval(days => g) END,
       g = 1, CASE WHEN g % 5 = 0 THEN 'sealed:' || md5('totp' || g) END, CASE WHEN g % 5 = 0 THEN ${T} - interval '2 days' END,
       CASE WHEN g = 39 THEN ${T} END, ${T} - make_interval(days => 100 + g), ${T} - make_interval(hours => g)
FROM generate_series(1, 40) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId", "refresh_token", "access_token", "expires_at",
                       "token_type", "scope", "id_token", "session_state")
SELECT 'up-account-' || n, 'up-user-' || lpad((g * 4)::text, 4, '0'), 'oauth', 'github', 'gh-' || g, 'refresh-' || md5(g::text),
       'access-' || md5(g::text), 1800000000 + g, 'bearer', 'read:user user:email', NULL, CASE WHEN g % 2 = 0 THEN 'state-' || g END
FROM generate_series(1, 10) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "Session" ("id", "sessionToken", "userId", "expires", "ip", "userAgent", "mfaAt", "lastSeenAt", "createdAt")
SELECT 'up-session-' || n, 'token-' || md5('s' || g), 'up-user-' || lpad((1 + g % 40)::text, 4, '0'), ${T} + make_interval(days => g),
       '10.0.0.' || g, 'Mozilla/5.0 (upgrade ' || g || ')', CASE WHEN g % 6 = 0 THEN ${T} END, ${T} - make_interval(mins => g),
       ${T} - make_interval(days => 1)
FROM generate_series(1, 20) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "AuthToken" ("id", "userId", "purpose", "tokenHash", "expiresAt", "usedAt", "createdAt")
SELECT 'up-token-' || n, 'up-user-' || lpad((30 + g)::text, 4, '0'),
       (CASE WHEN g % 2 = 0 THEN 'VERIFY_EMAIL' ELSE 'PASSWORD_RESET' END)::"AuthTokenPurpose", md5('token' || g),
       ${T} + interval '1 day', CASE WHEN g % 3 = 0 THEN ${T} END, ${T} - interval '1 hour'
FROM generate_series(1, 10) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "RecoveryCode" ("id", "userId", "codeHash", "usedAt", "createdAt")
SELECT 'up-recovery-' || n, 'up-user-0001', md5('code' || g), CASE WHEN g = 3 THEN ${T} END, ${T} - interval '30 days'
FROM generate_series(1, 10) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "resetAt")
SELECT 'sign-in:10.0.0.' || g, g, ${T}, ${T} + interval '15 minutes' FROM generate_series(1, 5) AS g;

INSERT INTO "Organization" ("id", "name", "slug", "stripeCustomerId", "billingEmail", "deletionRequestedAt", "deletionScheduledFor",
                            "deletionNoticeFor", "purgeStartedAt", "purgedAt", "createdAt", "updatedAt")
SELECT 'up-org-' || n, CASE WHEN g = ${ORGS} THEN 'Deleted organization' ELSE 'Upgrade Org ' || g END, 'upgrade-org-' || n,
       CASE WHEN g % 2 = 0 THEN 'cus_' || n END, CASE WHEN g % 3 <> 0 AND g <> ${ORGS} THEN 'billing-' || n || '@upgrade.test' END,
       CASE WHEN g >= 28 THEN ${T} - interval '40 days' END,
       CASE WHEN g >= 28 THEN ${T} - interval '10 days' + make_interval(days => g - 28) END,
       CASE WHEN g >= 29 THEN ${T} - interval '17 days' END, CASE WHEN g = ${ORGS} THEN ${T} - interval '9 days' END,
       CASE WHEN g = ${ORGS} THEN ${T} - interval '9 days' END, ${T} - make_interval(days => 200 - g), ${T} - make_interval(days => g)
FROM generate_series(1, ${ORGS}) AS g, lpad(g::text, 4, '0') AS n;

-- An owner per organization, and users 31–40 members or admins of organizations 1–10.
INSERT INTO "Membership" ("id", "orgId", "userId", "role", "createdAt", "updatedAt")
SELECT 'up-member-' || n, 'up-org-' || lpad((CASE WHEN g <= ${ORGS} THEN g ELSE g - ${ORGS} END)::text, 4, '0'), 'up-user-' || n,
       (CASE WHEN g <= ${ORGS} THEN 'OWNER' WHEN g % 2 = 0 THEN 'ADMIN' ELSE 'MEMBER' END)::"MemberRole",
       ${T} - make_interval(days => 150 - g), ${T} - make_interval(days => g)
FROM generate_series(1, 40) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "Invitation" ("id", "orgId", "email", "role", "tokenHash", "invitedById", "expiresAt", "acceptedAt", "revokedAt", "createdAt")
SELECT 'up-invite-' || n, 'up-org-' || lpad((1 + g % 10)::text, 4, '0'), 'guest-' || n || '@upgrade.test',
       (CASE WHEN g % 3 = 0 THEN 'ADMIN' ELSE 'MEMBER' END)::"MemberRole", md5('invite' || g),
       CASE WHEN g % 4 <> 0 THEN 'up-user-' || lpad((1 + g % 10)::text, 4, '0') END, ${T} + make_interval(days => g - 7),
       CASE WHEN g % 5 = 0 THEN ${T} - interval '1 day' END, CASE WHEN g % 7 = 0 THEN ${T} - interval '2 days' END, ${T} - interval '8 days'
FROM generate_series(1, 15) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "DataExport" ("id", "orgId", "requestedById", "status", "sizeBytes", "chunkCount", "error", "createdAt", "startedAt", "readyAt",
                          "expiresAt", "contentDeletedAt")
SELECT 'up-export-' || n, 'up-org-' || lpad(g::text, 4, '0'), CASE WHEN g <> 6 THEN 'up-user-' || lpad(g::text, 4, '0') END,
       (ARRAY['QUEUED','BUILDING','READY','READY','FAILED','EXPIRED'])[g]::"DataExportStatus", CASE WHEN g IN (3, 4, 6) THEN 2048 * g END,
       CASE WHEN g IN (3, 4) THEN 2 ELSE 0 END, CASE WHEN g = 5 THEN 'out of memory' END, ${T} - make_interval(days => 10 - g),
       CASE WHEN g >= 2 THEN ${T} - make_interval(days => 10 - g) END,
       CASE WHEN g IN (3, 4, 6) THEN ${T} - make_interval(days => 9 - g) END,
       CASE WHEN g IN (3, 4, 6) THEN ${T} - make_interval(days => 9 - g) + interval '7 days' END, CASE WHEN g = 6 THEN ${T} END
FROM generate_series(1, 6) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "DataExportChunk" ("exportId", "seq", "orgId", "data")
SELECT 'up-export-' || lpad(e::text, 4, '0'), s, 'up-org-' || lpad(e::text, 4, '0'),
       decode(md5('chunk' || e || '-' || s) || '00ff1f8b', 'hex')
FROM generate_series(3, 4) AS e, generate_series(0, 1) AS s;

INSERT INTO "Subscription" ("id", "orgId", "planId", "status", "trialEndsAt", "currentPeriodStart", "currentPeriodEnd", "cancelAtPeriodEnd",
                            "pendingPlanId", "stripeSubscriptionId", "stripePriceKey", "pausedAt", "pauseReason", "pastDueSince",
                            "graceEndsAt", "canceledAt", "stripeUpdatedAt", "trialReminderDays", "createdAt", "updatedAt")
SELECT 'up-sub-' || n, 'up-org-' || n, ${PLANS}[1 + g % 4], ${SUBSCRIPTION_STATUSES}[1 + g % 7]::"SubscriptionStatus",
       CASE WHEN g % 7 = 0 THEN ${T} + make_interval(days => g % 14) END, timestamp '2026-11-01', timestamp '2026-12-01', g % 5 = 0,
       CASE WHEN g % 5 = 0 THEN 'free' END, CASE WHEN g % 2 = 0 THEN 'sub_' || n END,
       CASE WHEN g % 2 = 0 THEN ${PLANS}[1 + g % 4] || ':month' END,
       CASE WHEN g % 7 = 3 THEN ${T} - interval '5 days' END, CASE WHEN g % 7 = 3 THEN 'payment_failed' END,
       CASE WHEN g % 7 = 2 THEN ${T} - interval '3 days' END, CASE WHEN g % 7 = 2 THEN ${T} + interval '4 days' END,
       CASE WHEN g % 7 IN (4, 5) THEN ${T} - interval '20 days' END, CASE WHEN g % 2 = 0 THEN ${T} - make_interval(mins => g) END,
       CASE WHEN g % 7 = 0 THEN 7 END, ${T} - make_interval(days => 200 - g), ${T} - make_interval(days => g)
FROM generate_series(1, ${ORGS}) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "PlanPeriod" ("id", "orgId", "planId", "isPaid", "customDomain", "startsAt", "endsAt")
SELECT 'up-period-' || n || '-' || p, 'up-org-' || n, CASE WHEN p = 1 THEN 'free' ELSE ${PLANS}[1 + g % 4] END, p = 2 AND g % 7 <> 0,
       CASE WHEN p = 2 AND g % 3 = 0 THEN 'www.customer-' || n || '.test' END,
       CASE WHEN p = 1 THEN timestamp '2026-06-01' ELSE timestamp '2026-09-14' END,
       CASE WHEN p = 1 THEN timestamp '2026-09-14' END
FROM generate_series(1, ${ORGS}) AS g, lpad(g::text, 4, '0') AS n, generate_series(1, 2) AS p;

-- Three monthly invoices per organization, each with three lines.
INSERT INTO "Invoice" ("id", "orgId", "number", "periodStart", "periodEnd", "status", "currency", "subtotalCents", "taxRateBps", "taxCents",
                       "totalCents", "issuedAt", "dueAt", "paidAt", "markedPaidById", "stripeInvoiceId", "stripePushedAt", "snapshot",
                       "createdAt", "updatedAt")
SELECT 'up-invoice-' || n || '-' || m, 'up-org-' || n, 'INV-UPGRADE-ORG-' || n || '-2026' || lpad((7 + m)::text, 2, '0'),
       make_timestamp(2026, 7 + m, 1, 0, 0, 0), make_timestamp(2026, 8 + m, 1, 0, 0, 0),
       ${INVOICE_STATUSES}[1 + (g + m) % 5]::"InvoiceStatus",
       CASE WHEN g % 9 = 0 THEN 'eur' ELSE 'usd' END, 1000 * g + m, 800, (1000 * g + m) * 8 / 100, (1000 * g + m) * 108 / 100,
       CASE WHEN (g + m) % 5 <> 0 THEN make_timestamp(2026, 8 + m, 1, 6, 0, 0) END,
       CASE WHEN (g + m) % 5 <> 0 THEN make_timestamp(2026, 8 + m, 15, 0, 0, 0) END,
       CASE WHEN (g + m) % 5 = 2 THEN make_timestamp(2026, 8 + m, 3, 9, 30, 0) END,
       CASE WHEN (g + m) % 5 = 2 AND g % 2 = 1 THEN 'up-user-0001' END,
       CASE WHEN g % 2 = 0 THEN 'in_' || n || '_' || m END,
       CASE WHEN g % 2 = 0 AND (g + m) % 5 <> 0 THEN make_timestamp(2026, 8 + m, 1, 6, 5, 0) END,
       jsonb_build_object('plan', ${PLANS}[1 + g % 4], 'rates', jsonb_build_object('storageGbMonthCents', 12.5, 'cpuCoreHourCents', 3),
                          'usage', jsonb_build_array(g, m, 0.000001 * g), 'note', 'Ünïcode – "quoted" \\ back'),
       make_timestamp(2026, 8 + m, 1, 6, 0, 0), make_timestamp(2026, 8 + m, 2, 6, 0, 0)
FROM generate_series(1, ${ORGS}) AS g, lpad(g::text, 4, '0') AS n, generate_series(1, 3) AS m;

INSERT INTO "InvoiceLine" ("id", "invoiceId", "position", "kind", "description", "quantity", "unit", "unitPriceCents", "amountCents")
SELECT i."id" || '-line-' || l, i."id", l,
       (ARRAY['BASE','STORAGE','COMPUTE','BANDWIDTH','DOMAIN','ADJUSTMENT'])[1 + (l + length(i."id")) % 6]::"InvoiceLineKind",
       'Line ' || l || ' of ' || i."number", round((i."subtotalCents" * l)::numeric / 7, 6), (ARRAY['month','GB-month','core-hour'])[l],
       round(i."subtotalCents"::numeric / 3.3, 6), i."subtotalCents" / 3
FROM "Invoice" i, generate_series(1, 3) AS l;

INSERT INTO "StripeEvent" ("id", "type", "objectId", "livemode", "status", "attempts", "error", "createdAt", "receivedAt", "processedAt")
SELECT 'evt_upgrade_' || n, (ARRAY['invoice.paid','customer.subscription.updated'])[1 + g % 2], 'sub_' || lpad((2 * g)::text, 4, '0'),
       false, (ARRAY['RECEIVED','PROCESSED','IGNORED','FAILED'])[1 + g % 4]::"StripeEventStatus", g % 3,
       CASE WHEN g % 4 = 3 THEN 'signature' END, ${T} - make_interval(hours => g), ${T} - make_interval(hours => g) + interval '2 seconds',
       CASE WHEN g % 4 = 1 THEN ${T} END
FROM generate_series(1, 10) AS g, lpad(g::text, 4, '0') AS n;

-- Tenants 1–48: every state on every plan (state g % 8, plan (g / 8) % 4).
INSERT INTO "Tenant" ("id", "orgId", "slug", "namespace", "planId", "state", "url", "customDomain", "customDomainVerifiedAt",
                      "customDomainCheckedAt", "customDomainFailedChecks", "customDomainFailingSince", "pendingDomain",
                      "pendingDomainSince", "pendingDomainCheckedAt", "pendingDomainProblem", "domainToken", "appVersion", "helmRelease",
                      "lastDeployedAt", "suspendedAt", "suspendReason", "credentialsReady", "sealedCredentials", "licenseExpiresAt",
                      "createdAt", "updatedAt")
SELECT 'up-tenant-' || n, 'up-org-' || lpad((1 + g % 24)::text, 4, '0'), 'upgrade-' || n, 'tenant-upgrade-' || n, ${PLANS}[1 + (g / 8) % 4],
       ${TENANT_STATES}[1 + g % 8]::"TenantState", CASE WHEN g % 8 <> 0 THEN 'https://upgrade-' || n || '.tenants.localhost' END,
       CASE WHEN g % 6 = 0 THEN 'app.customer-' || n || '.test' END, CASE WHEN g % 6 = 0 THEN ${T} - interval '20 days' END,
       CASE WHEN g % 6 = 0 THEN ${T} - interval '1 hour' END, CASE WHEN g % 12 = 0 THEN 2 ELSE 0 END,
       CASE WHEN g % 12 = 0 THEN ${T} - interval '2 days' END, CASE WHEN g % 5 = 0 THEN 'new.customer-' || n || '.test' END,
       CASE WHEN g % 5 = 0 THEN ${T} - interval '3 hours' END, CASE WHEN g % 10 = 0 THEN ${T} - interval '5 minutes' END,
       CASE WHEN g % 10 = 0 THEN 'no TXT record at _tenancy-challenge' END, CASE WHEN g % 5 = 0 OR g % 6 = 0 THEN md5('domain' || g) END,
       CASE WHEN g % 8 IN (0, 1) THEN NULL ELSE '1.' || (g % 3) || '.0' END, CASE WHEN g % 8 NOT IN (0, 1) THEN 'instance' END,
       CASE WHEN g % 8 NOT IN (0, 1) THEN ${T} - make_interval(days => g) END, CASE WHEN g % 8 = 4 THEN ${T} - interval '6 days' END,
       CASE WHEN g % 8 = 4 THEN (ARRAY['payment_overdue','operator: abuse report'])[1 + g % 2] END, g % 8 = 2,
       CASE WHEN g % 8 = 2 THEN 'v1.' || md5('sealed' || g) END, CASE WHEN g % 8 <> 0 THEN ${T} + make_interval(days => 30 + g) END,
       ${T} - make_interval(days => 90 - g), ${T} - make_interval(mins => g)
FROM generate_series(1, ${TENANTS}) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "ProvisioningRun" ("id", "tenantId", "kind", "status", "fromPlanId", "toPlanId", "requestedBy", "jobRunId", "error", "dryRun",
                               "manifests", "startedAt", "finishedAt")
SELECT 'up-run-' || n || '-' || r, 'up-tenant-' || n,
       (CASE WHEN r = 1 THEN 'PROVISION'
             ELSE (ARRAY['CHANGE_PLAN','CHANGE_DOMAIN','SUSPEND','RESUME','DEPROVISION','RECONCILE'])[1 + g % 6] END)::"ProvisioningKind",
       (ARRAY['RUNNING','SUCCEEDED','FAILED','CANCELED'])[1 + (g + r) % 4]::"RunStatus", CASE WHEN r = 2 THEN 'free' END,
       CASE WHEN r = 2 THEN ${PLANS}[1 + (g / 8) % 4] END,
       CASE WHEN g % 3 = 0 THEN 'system' ELSE 'up-user-' || lpad((1 + g % 24)::text, 4, '0') END,
       CASE WHEN g <= 20 THEN 'up-job-' || lpad(g::text, 4, '0') || '-' || r END,
       CASE WHEN (g + r) % 4 = 2 THEN 'helm upgrade: timed out' END,
       g % 11 = 0, CASE WHEN g % 11 = 0 THEN E'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: tenant-upgrade-' || n END,
       ${T} - make_interval(days => 90 - g, hours => r), CASE WHEN (g + r) % 4 <> 0 THEN ${T} - make_interval(days => 90 - g) END
FROM generate_series(1, ${TENANTS}) AS g, lpad(g::text, 4, '0') AS n, generate_series(1, 2) AS r;

INSERT INTO "ProvisioningStep" ("id", "runId", "name", "position", "status", "attempt", "message", "startedAt", "finishedAt", "durationMs")
SELECT r."id" || '-' || s, r."id", (ARRAY['namespace','quota','install-release'])[s], s,
       (CASE WHEN s < 3 THEN 'SUCCEEDED' ELSE r."status"::text END)::"RunStatus", 1 + s % 2, CASE WHEN s = 3 THEN r."error" END,
       r."startedAt" + make_interval(secs => s), r."finishedAt", CASE WHEN r."finishedAt" IS NOT NULL THEN 1500 * s END
FROM "ProvisioningRun" r, generate_series(1, 3) AS s;

INSERT INTO "ReconcileFinding" ("id", "kind", "namespace", "tenantId", "detail", "repaired", "firstSeenAt", "lastSeenAt", "resolvedAt")
SELECT 'up-finding-' || n, (ARRAY['ORPHAN_NAMESPACE','MISSING_NAMESPACE','DRIFT'])[1 + g % 3]::"FindingKind", 'tenant-upgrade-' || n,
       CASE WHEN g % 3 <> 1 THEN 'up-tenant-' || n END, 'finding ' || g, g % 2 = 0, ${T} - make_interval(days => g), ${T},
       CASE WHEN g = 5 THEN ${T} END
FROM generate_series(1, 5) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "LicenseSigningKey" ("kid", "privateKeyPem", "publicJwk", "createdAt")
VALUES ('upgrade-kid-1', E'-----BEGIN PRIVATE KEY-----\\nMIIupgrade\\n-----END PRIVATE KEY-----\\n',
        '{"kty":"RSA","kid":"upgrade-kid-1","n":"sXch","e":"AQAB","alg":"RS256","use":"sig"}', ${T} - interval '300 days');

-- Twelve hourly windows of every metric for every tenant (storage on two volumes; some gaps).
INSERT INTO "UsageSample" ("tenantId", "metric", "volume", "windowStart", "windowEnd", "value", "isGap", "collectedAt")
SELECT 'up-tenant-' || n, metric::"UsageMetric", v, ${T} - make_interval(hours => h), ${T} - make_interval(hours => h - 1),
       CASE WHEN (g + h) % 13 = 0 THEN 0 ELSE round((g * 1048576.123456 + h * 7.654321)::numeric, 6) END, (g + h) % 13 = 0,
       ${T} - make_interval(hours => h - 1, mins => -5)
FROM generate_series(1, ${TENANTS}) AS g, lpad(g::text, 4, '0') AS n, generate_series(1, 12) AS h,
     (VALUES ('STORAGE_USED_BYTES', 'data'), ('STORAGE_USED_BYTES', 'postgres'), ('STORAGE_CAPACITY_BYTES', 'data'),
             ('CPU_CORE_SECONDS', ''), ('NETWORK_EGRESS_BYTES', '')) AS m(metric, v);

INSERT INTO "StorageAlert" ("id", "tenantId", "volume", "level", "percentUsed", "usedBytes", "capacityBytes", "daysUntilFull", "crossings",
                            "source", "observedAt", "firedAt", "resolvedAt", "createdAt", "updatedAt")
SELECT 'up-alert-' || n, 'up-tenant-' || n, 'data', (ARRAY['OK','WARNING','CRITICAL'])[1 + g % 3]::"StorageAlertLevel", 40 + g + 0.125,
       (40 + g) * 10737418, 1073741824, CASE WHEN g % 3 <> 0 THEN 1.5 * g + 0.1 END, g % 4, (ARRAY['collector','alertmanager'])[1 + g % 2],
       ${T} - make_interval(mins => g), CASE WHEN g % 3 <> 0 THEN ${T} - make_interval(hours => g) END,
       CASE WHEN g % 3 = 0 AND g % 4 <> 0 THEN ${T} - interval '1 day' END, ${T} - interval '60 days', ${T} - make_interval(mins => g)
FROM generate_series(1, ${TENANTS}) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "NotificationOutbox" ("id", "dedupeKey", "template", "toEmail", "userId", "orgId", "subject", "bodyText", "bodyHtml", "status",
                                  "attempts", "lastError", "createdAt", "sentAt")
SELECT 'up-mail-' || n, 'invoice-issued:' || n, (ARRAY['invoice-issued','trial-reminder','storage-warning'])[1 + g % 3],
       'user-' || lpad((1 + g % 40)::text, 4, '0') || '@upgrade.test',
       CASE WHEN g % 5 <> 0 THEN 'up-user-' || lpad((1 + g % 40)::text, 4, '0') END,
       CASE WHEN g % 4 <> 0 THEN 'up-org-' || lpad((1 + g % ${ORGS})::text, 4, '0') END, 'Subject ' || g, 'Body ' || g || E'\\nline two',
       CASE WHEN g % 2 = 0 THEN '<p>Body ' || g || '</p>' END, (ARRAY['PENDING','SENT','KEPT','FAILED'])[1 + g % 4]::"OutboxStatus", g % 4,
       CASE WHEN g % 4 = 3 THEN 'SMTP 451' END, ${T} - make_interval(hours => g),
       CASE WHEN g % 4 = 1 THEN ${T} - make_interval(hours => g - 1) END
FROM generate_series(1, ${ORGS}) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "AuditLog" ("at", "actorType", "actorUserId", "action", "orgId", "tenantId", "targetType", "targetId", "reason", "before",
                        "after",
                        "ip", "userAgent", "requestId")
SELECT ${T} - make_interval(mins => 1000 - g), (ARRAY['USER','SUPER_ADMIN','SYSTEM','STRIPE'])[1 + g % 4]::"ActorType",
       CASE WHEN g % 4 IN (0, 1) THEN 'up-user-' || lpad((1 + g % 40)::text, 4, '0') END,
       (ARRAY['tenant.create','tenant.suspend','subscription.update','auth.sign_in','invoice.mark_paid'])[1 + g % 5],
       CASE WHEN g % 5 <> 3 THEN 'up-org-' || lpad((1 + g % 24)::text, 4, '0') END,
       CASE WHEN g % 5 IN (0, 1) THEN 'up-tenant-' || lpad((1 + g % ${TENANTS})::text, 4, '0') END,
       CASE WHEN g % 5 IN (0, 1) THEN 'Tenant' END,
       CASE WHEN g % 5 IN (0, 1) THEN 'up-tenant-' || lpad((1 + g % ${TENANTS})::text, 4, '0') END, CASE WHEN g % 5 = 1 THEN 'unpaid' END,
       CASE WHEN g % 5 IN (1, 2) THEN jsonb_build_object('state', 'ACTIVE', 'planId', ${PLANS}[1 + g % 4]) END,
       CASE WHEN g % 5 IN (0, 1, 2) THEN jsonb_build_object('state', 'SUSPENDED', 'n', g, 'sub', jsonb_build_object('ok', g % 2 = 0)) END,
       '192.0.2.' || (g % 250), 'agent/' || g, 'req-' || md5(g::text)
FROM generate_series(1, 120) AS g;

INSERT INTO "JobEvent" ("id", "name", "data", "ts")
SELECT 'up-event-' || n, (ARRAY['tenant/provision.requested','billing/invoice.issue'])[1 + g % 2],
       jsonb_build_object('tenantId', 'up-tenant-' || n, 'attempt', g), ${T} - make_interval(hours => g)
FROM generate_series(1, 20) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "JobRun" ("id", "functionId", "eventId", "eventName", "eventData", "idempotencyKey", "concurrencyKey", "status", "attempt",
                      "maxAttempts", "runAfter", "lockedBy", "lockedUntil", "error", "output", "waitingFor", "cancelRequestedAt",
                      "replayCount", "createdAt", "startedAt", "finishedAt")
SELECT 'up-job-' || n, (ARRAY['provision-tenant','issue-invoice'])[1 + g % 2], 'up-event-' || n,
       (ARRAY['tenant/provision.requested','billing/invoice.issue'])[1 + g % 2],
       jsonb_build_object('tenantId', 'up-tenant-' || n), 'key-' || n, CASE WHEN g % 2 = 1 THEN 'tenant:up-tenant-' || n END,
       (ARRAY['QUEUED','RUNNING','SLEEPING','WAITING','SUCCEEDED','FAILED','DEAD','CANCELED'])[1 + g % 8]::"JobRunStatus", g % 4, 5,
       ${T} + make_interval(mins => g), CASE WHEN g % 8 = 1 THEN 'worker-a' END, CASE WHEN g % 8 = 1 THEN ${T} + interval '5 minutes' END,
       CASE WHEN g % 8 IN (5, 6) THEN 'boom ' || g END, CASE WHEN g % 8 = 4 THEN jsonb_build_object('ok', true) END,
       CASE WHEN g % 8 = 3 THEN jsonb_build_object('event', 'tenant/ready', 'timeout', '1h') END, CASE WHEN g % 8 = 7 THEN ${T} END,
       g % 3, ${T} - make_interval(hours => g), CASE WHEN g % 8 > 0 THEN ${T} - make_interval(hours => g) + interval '1 second' END,
       CASE WHEN g % 8 >= 4 THEN ${T} - make_interval(hours => g) + interval '30 seconds' END
FROM generate_series(1, 20) AS g, lpad(g::text, 4, '0') AS n;

INSERT INTO "JobStep" ("id", "runId", "stepId", "status", "output", "error", "attempt", "startedAt", "finishedAt", "wakeAt")
SELECT 'up-job-' || n || '-step-' || s, 'up-job-' || n, 'step-' || s,
       (ARRAY['SUCCEEDED','FAILED','SLEEPING'])[1 + (g + s) % 3]::"JobStepStatus",
       CASE WHEN (g + s) % 3 = 0 THEN jsonb_build_object('value', g * s) END, CASE WHEN (g + s) % 3 = 1 THEN 'step failed' END, s,
       ${T} - make_interval(hours => g), ${T} - make_interval(hours => g) + interval '1 second',
       CASE WHEN (g + s) % 3 = 2 THEN ${T} + interval '1 hour' END
FROM generate_series(1, 20) AS g, lpad(g::text, 4, '0') AS n, generate_series(1, 2) AS s;

INSERT INTO "WorkerHeartbeat" ("workerId", "hostname", "pid", "startedAt", "beatAt", "stoppedAt")
VALUES ('worker-a', 'host-a', 4242, ${T} - interval '1 day', ${T}, NULL),
       ('worker-b', 'host-b', 4343, ${T} - interval '2 days', ${T} - interval '1 day', ${T} - interval '1 day');

INSERT INTO "SystemSetting" ("key", "value", "updatedById", "updatedAt")
VALUES ('read-only', '{"enabled": false, "message": null}', 'up-user-0001', ${T} - interval '3 days'),
       ('maintenance-banner', '"Upgrade on Friday"', NULL, ${T} - interval '1 day');
`

// ───────────────────────── what must survive ─────────────────────────

interface Column {
  name: string
  type: string
  nullable: string
  default: string | null
}

interface Fingerprint {
  /** Every table of the schema (the migrator's bookkeeping aside) with its columns in order. */
  columns: Record<string, Column[]>
  counts: Record<string, number>
  /** Per table, each row as "<primary key> <md5 of its columns as JSON>", ordered by key. */
  rows: Record<string, string[]>
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

async function tableColumns(conn: Pick<SqlConnection, 'query'>): Promise<Record<string, Column[]>> {
  const rows = await conn.query<Column & { table: string }>(
    `SELECT c.table_name AS "table", c.column_name AS name, c.data_type || coalesce('(' || c.character_maximum_length || ')', '')
              || coalesce('(' || c.numeric_precision || ',' || c.numeric_scale || ')', '') AS type,
            c.is_nullable AS nullable, c.column_default AS default
     FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> '_prisma_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  )
  const columns: Record<string, Column[]> = {}
  for (const { table, ...column } of rows) (columns[table] ??= []).push(column)
  return columns
}

/**
 * The rows of every table, each as its primary key and the md5 of its columns (`columns`: those of
 * the schema before, so that after the migration the same values are hashed the same way).
 */
async function fingerprint(conn: Pick<SqlConnection, 'query'>, columns: Record<string, Column[]>): Promise<Omit<Fingerprint, 'columns'>> {
  const counts: Record<string, number> = {}
  const rows: Record<string, string[]> = {}
  for (const [table, cols] of Object.entries(columns)) {
    const keys = await conn.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY k.position`,
      [quote(table)],
    )
    expect(keys.length, `${table} has a primary key`).toBeGreaterThan(0)
    const key = `concat_ws('|', ${keys.map((k) => `r.${quote(k.name)}::text`).join(', ')})`
    const hashed = await conn.query<{ key: string; hash: string }>(
      `SELECT ${key} AS key, md5(row_to_json(r)::text) AS hash
       FROM (SELECT ${cols.map((c) => quote(c.name)).join(', ')} FROM ${quote(table)}) r ORDER BY 1`,
    )
    counts[table] = hashed.length
    rows[table] = hashed.map((r) => `${r.key} ${r.hash}`)
  }
  return { counts, rows }
}

async function fingerprintBefore(conn: Pick<SqlConnection, 'query'>): Promise<Fingerprint> {
  const columns = await tableColumns(conn)
  return { columns, ...(await fingerprint(conn, columns)) }
}

interface OldTenant {
  id: string
  orgId: string
  orgName: string
  slug: string
  namespace: string
  planId: string
  state: string
  appVersion: string | null
  url: string | null
  customDomain: string | null
  helmRelease: string | null
}

const OLD_TENANTS_SQL = `SELECT t."id", t."orgId", o."name" AS "orgName", t."slug", t."namespace", t."planId", t."state"::text AS "state",
                                t."appVersion", t."url", t."customDomain", t."helmRelease"
                         FROM "Tenant" t JOIN "Organization" o ON o."id" = t."orgId" ORDER BY t."id"`

/** The previous build's database, filled: its fingerprint and its tenants as its own schema has them. */
async function writeHistory(conn: SqlConnection): Promise<{ before: Fingerprint; tenants: OldTenant[] }> {
  expect((await migrationStatus(conn)).pending).toEqual(remainingMigrations()) // the schema of the build before
  await conn.transaction((tx) => tx.exec(HISTORY))
  const before = await fingerprintBefore(conn)
  expect(before.columns.Tenant?.map((c) => c.name)).not.toContain('appId')
  // Every table of the schema before holds rows: nothing below is checked on an empty table.
  expect(Object.entries(before.counts).filter(([, n]) => n === 0)).toEqual([])
  expect(before.counts).toMatchObject({
    Organization: ORGS,
    Tenant: TENANTS,
    Invoice: ORGS * 3,
    InvoiceLine: ORGS * 9,
    UsageSample: TENANTS * 60,
  })
  const tenants = await conn.query<OldTenant>(OLD_TENANTS_SQL)
  // Every state on every plan.
  expect(new Set(tenants.map((t) => `${t.state}/${t.planId}`)).size).toBe(8 * 4)
  return { before, tenants }
}

/** After the migration: every tenant generic, the index there, and every table, row and value as before. */
async function expectUpgraded(conn: Pick<SqlConnection, 'query'>, before: Fingerprint) {
  const columns = await tableColumns(conn)
  // Every table and column of before is there, as it was; Tenant has gained appId.
  for (const [table, cols] of Object.entries(before.columns)) {
    expect(
      columns[table]?.filter((c) => cols.some((old) => old.name === c.name)),
      `the columns of ${table}`,
    ).toEqual(cols)
  }
  expect(columns.Tenant?.find((c) => c.name === 'appId')).toEqual({
    name: 'appId',
    type: 'text',
    nullable: 'NO',
    default: `'generic'::text`,
  })

  const after = await fingerprint(conn, before.columns)
  expect(after.counts).toEqual(before.counts)
  for (const table of Object.keys(before.rows)) expect(after.rows[table], `the rows of ${table}`).toEqual(before.rows[table])

  const apps = await conn.query<{ appId: string; tenants: number }>(
    `SELECT "appId", count(*)::int AS tenants FROM "Tenant" GROUP BY "appId" ORDER BY 1`,
  )
  expect(apps).toEqual([{ appId: 'generic', tenants: TENANTS }])

  const index = await conn.query<{ valid: boolean; columns: string[] }>(
    `SELECT i.indisvalid AS valid, array_agg(a.attname::text ORDER BY k.position) AS columns
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE c.relname = $1 AND i.indrelid = '"Tenant"'::regclass GROUP BY i.indisvalid`,
    [INDEX],
  )
  expect(index).toEqual([{ valid: true, columns: ['appId', 'appVersion'] }])
  expect((await migrationStatus(conn)).pending).toEqual([])
}

/** This build's code (through lib/db, row-level security and all) reads every tenant of before. */
async function expectReadByThisBuild(tenants: OldTenant[]) {
  for (const old of tenants) {
    const { app, plan, ...loaded } = await asSystem('test: the upgraded tenants', () => loadTenant(old.id))
    expect(loaded).toEqual({ ...old, appId: 'generic' })
    expect(app.id).toBe('generic')
    expect({ id: plan.id, app: plan.app }).toEqual({ id: old.planId, app: 'generic' })
  }
  // In its organization's scope too (the policies of row-level security see the migrated rows).
  const [first] = tenants
  const inOrg = await withDbScope({ orgId: first!.orgId }, () => loadTenant(first!.id))
  expect(inOrg.app.id).toBe('generic')
}

describe(`migration ${TENANT_APP} on an existing database`, () => {
  it.skipIf(Boolean(serverUrl()))(
    'PGlite: a data directory of the previous build is migrated with nothing lost, opens again, and is read by this build',
    async () => {
      const dir = copyTemplate(await emptyTemplate())
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
      // The previous build: the migrations before this one, and a customer history.
      const old = await openPglite(dir)
      cleanups.push(() => (old.closed ? undefined : old.close()))
      const oldConn = pgliteConnection(old)
      expect((await applyMigrations(oldConn, { dir: migrationsBefore(TENANT_APP, cleanups) })).applied).not.toContain(TENANT_APP)
      const { before, tenants } = await writeHistory(oldConn)
      await oldConn.close()

      // This build migrates it.
      const pglite = await openPglite(dir)
      cleanups.push(() => (pglite.closed ? undefined : pglite.close()))
      const conn = pgliteConnection(pglite)
      expect((await applyMigrations(conn)).applied).toEqual(remainingMigrations())
      await expectUpgraded(conn, before)
      await conn.close()

      // Opened again: the same data, and this build's client reads it.
      const reopened = await openPglite(dir)
      const prisma = await prismaOverPglite(reopened)
      installDb(prisma.client, prisma.close)
      cleanups.push(() => closeDb())
      await expectUpgraded(pgliteConnection(reopened, { keepOpen: true }), before)
      await expectReadByThisBuild(tenants)
    },
  )

  it.skipIf(!serverUrl())('PostgreSQL: a database migrated before it is migrated with nothing lost and read by this build', async () => {
    const database = await createTestDatabase({ migrationsDir: migrationsBefore(TENANT_APP, cleanups) })
    cleanups.push(() => database.close())
    const { before, tenants } = await writeHistory(database.sql)
    expect((await applyMigrations(database.sql)).applied).toEqual(remainingMigrations())
    await expectUpgraded(database.sql, before)
    await expectReadByThisBuild(tenants)
  })
})
