-- Row-level security: a second wall between organizations (issue 14).
--
-- The application runs its queries on organization-scoped tables as the role tenancy_app, which
-- has no BYPASSRLS, inside a transaction that first sets its scope (lib/db/scope.ts):
--   tenancy.org_id   the organization of the request (orgAction, orgRoute, an organization's page)
--   tenancy.user_id  the signed-in user (their own memberships, the organizations they belong to)
--   tenancy.system   'on' for jobs, the console, webhooks and scripts (an explicit system scope)
-- With no scope, an organization's rows are invisible and cannot be written. The tables' owner (the
-- login that migrates) is not subject to the policies; the application's queries never run as it.

-- The role. Roles belong to the whole server, so several databases (tests) may race to create it.
DO $$
BEGIN
  CREATE ROLE tenancy_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- The login that migrates is the login the application uses unless the operator says otherwise;
-- it must be able to take the role.
DO $$
BEGIN
  EXECUTE format('GRANT tenancy_app TO %I', current_user);
EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL; -- the operator grants it
END $$;

GRANT USAGE ON SCHEMA public TO tenancy_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tenancy_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tenancy_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tenancy_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tenancy_app;

-- The scope of the current transaction. The policies call them as `(SELECT …)`, so that each
-- statement evaluates them once (an InitPlan), not once per row.
CREATE OR REPLACE FUNCTION tenancy_scope_system() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('tenancy.system', true), '') = 'on' $$;
CREATE OR REPLACE FUNCTION tenancy_scope_org() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('tenancy.org_id', true), '') $$;
CREATE OR REPLACE FUNCTION tenancy_scope_user() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('tenancy.user_id', true), '') $$;

-- An address (slug) is unique across organizations and tenants: the one fact about other
-- organizations any scope may learn, as a yes or no (the owner of the tables reads past the policies).
CREATE OR REPLACE FUNCTION tenancy_slug_taken(p_slug text, p_except_org text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM "Organization" WHERE "slug" = p_slug AND "id" IS DISTINCT FROM p_except_org)
      OR EXISTS (SELECT 1 FROM "Tenant" WHERE "slug" = p_slug)
$$;

-- Organization: its own scope; a user sees the organizations they are a member of.
ALTER TABLE "Organization" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON "Organization" FOR SELECT USING (
  (SELECT tenancy_scope_system()) OR "id" = (SELECT tenancy_scope_org())
  OR EXISTS (SELECT 1 FROM "Membership" m WHERE m."orgId" = "Organization"."id" AND m."userId" = (SELECT tenancy_scope_user()))
);
CREATE POLICY scope_insert ON "Organization" FOR INSERT WITH CHECK ((SELECT tenancy_scope_system()) OR "id" = (SELECT tenancy_scope_org()));
CREATE POLICY scope_update ON "Organization" FOR UPDATE USING ((SELECT tenancy_scope_system()) OR "id" = (SELECT tenancy_scope_org()));
CREATE POLICY scope_delete ON "Organization" FOR DELETE USING ((SELECT tenancy_scope_system()) OR "id" = (SELECT tenancy_scope_org()));

-- Membership: the organization's; a user reads their own (the organization switcher).
ALTER TABLE "Membership" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON "Membership" FOR SELECT USING (
  (SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()) OR "userId" = (SELECT tenancy_scope_user())
);
CREATE POLICY scope_insert ON "Membership" FOR INSERT WITH CHECK ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));
CREATE POLICY scope_update ON "Membership" FOR UPDATE USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));
CREATE POLICY scope_delete ON "Membership" FOR DELETE USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));

-- Tables that carry their organization.
ALTER TABLE "Invitation" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "Invitation" USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));

ALTER TABLE "Subscription" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "Subscription" USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));

ALTER TABLE "PlanPeriod" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "PlanPeriod" USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));

ALTER TABLE "Invoice" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "Invoice" USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));

ALTER TABLE "Tenant" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "Tenant" USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));

-- Tables that belong to an organization through their parent (whose own policy applies inside).
ALTER TABLE "InvoiceLine" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "InvoiceLine" USING (
  (SELECT tenancy_scope_system()) OR EXISTS (SELECT 1 FROM "Invoice" i WHERE i."id" = "InvoiceLine"."invoiceId")
);

ALTER TABLE "ProvisioningRun" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "ProvisioningRun" USING (
  (SELECT tenancy_scope_system()) OR EXISTS (SELECT 1 FROM "Tenant" t WHERE t."id" = "ProvisioningRun"."tenantId")
);

ALTER TABLE "ProvisioningStep" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "ProvisioningStep" USING (
  (SELECT tenancy_scope_system()) OR EXISTS (SELECT 1 FROM "ProvisioningRun" r WHERE r."id" = "ProvisioningStep"."runId")
);

ALTER TABLE "UsageSample" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "UsageSample" USING (
  (SELECT tenancy_scope_system()) OR EXISTS (SELECT 1 FROM "Tenant" t WHERE t."id" = "UsageSample"."tenantId")
);

ALTER TABLE "StorageAlert" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "StorageAlert" USING (
  (SELECT tenancy_scope_system()) OR EXISTS (SELECT 1 FROM "Tenant" t WHERE t."id" = "StorageAlert"."tenantId")
);

-- Rows that may belong to no organization (a user's own email, a sign-in's audit entry): those
-- are outside the wall; an organization's rows are inside it.
ALTER TABLE "NotificationOutbox" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "NotificationOutbox" USING (
  (SELECT tenancy_scope_system()) OR "orgId" IS NULL OR "orgId" = (SELECT tenancy_scope_org())
);

ALTER TABLE "AuditLog" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "AuditLog" USING (
  (SELECT tenancy_scope_system()) OR "orgId" IS NULL OR "orgId" = (SELECT tenancy_scope_org())
);

-- An owner's data exports (the purge and export migration before this one).
ALTER TABLE "DataExport" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "DataExport" USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));

ALTER TABLE "DataExportChunk" ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_all ON "DataExportChunk" USING ((SELECT tenancy_scope_system()) OR "orgId" = (SELECT tenancy_scope_org()));
