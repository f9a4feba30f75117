-- Custom domains proved by DNS (issue 14 item 3). A domain set before this migration stays served
-- (customDomainVerifiedAt NULL: never proved); the periodic re-check proves it or, after the grace, removes it.
-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "customDomainCheckedAt" TIMESTAMP(3),
ADD COLUMN     "customDomainFailedChecks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "customDomainFailingSince" TIMESTAMP(3),
ADD COLUMN     "customDomainVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "domainToken" TEXT,
ADD COLUMN     "pendingDomain" TEXT,
ADD COLUMN     "pendingDomainCheckedAt" TIMESTAMP(3),
ADD COLUMN     "pendingDomainProblem" TEXT,
ADD COLUMN     "pendingDomainSince" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Tenant_pendingDomain_idx" ON "Tenant"("pendingDomain");
