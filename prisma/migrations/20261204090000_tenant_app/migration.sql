-- Issue 15: an instance runs an app of the catalog. Every instance that exists was made by the
-- one chart there was, the generic app's: they all become "generic", with nothing else changed.
ALTER TABLE "Tenant" ADD COLUMN "appId" TEXT NOT NULL DEFAULT 'generic';

-- The console's Apps page and its filter: tenants per app and version.
CREATE INDEX "Tenant_appId_appVersion_idx" ON "Tenant"("appId", "appVersion");
