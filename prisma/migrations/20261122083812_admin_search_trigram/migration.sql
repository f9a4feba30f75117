-- The console's tenant search (lib/admin/list-tenants.ts) matches substrings with ILIKE '%term%'
-- on these four columns; trigram GIN indexes answer it without reading the tables. pg_trgm is a
-- contrib module of PostgreSQL (trusted: a user with CREATE on the database may create it) and
-- PGlite loads it (lib/db/sql.ts). Written by hand: Prisma's schema does not declare extensions,
-- nor index storage parameters (the drift check ignores both).
--
-- gin_pending_list_limit = 256 kB (default 4 MB): new rows wait in a GIN index's pending list,
-- which every search reads through, until VACUUM or a full list merges them. PGlite has no
-- autovacuum, so there the list would grow to 4 MB and cost each search ~40 ms at 100,000
-- tenants; capped, it costs a few ms and bulk inserts stay about as fast.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Organization_name_trgm_idx" ON "Organization" USING GIN ("name" gin_trgm_ops) WITH (gin_pending_list_limit = 256);

-- CreateIndex
CREATE INDEX "Tenant_slug_trgm_idx" ON "Tenant" USING GIN ("slug" gin_trgm_ops) WITH (gin_pending_list_limit = 256);

-- CreateIndex
CREATE INDEX "Tenant_namespace_trgm_idx" ON "Tenant" USING GIN ("namespace" gin_trgm_ops) WITH (gin_pending_list_limit = 256);

-- CreateIndex
CREATE INDEX "User_email_trgm_idx" ON "User" USING GIN ("email" gin_trgm_ops) WITH (gin_pending_list_limit = 256);
