-- CreateEnum
CREATE TYPE "FindingKind" AS ENUM ('ORPHAN_NAMESPACE', 'MISSING_NAMESPACE', 'DRIFT');

-- AlterTable
ALTER TABLE "ProvisioningRun" ADD COLUMN     "dryRun" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "manifests" TEXT;

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "licenseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "sealedCredentials" TEXT;

-- CreateTable
CREATE TABLE "ReconcileFinding" (
    "id" TEXT NOT NULL,
    "kind" "FindingKind" NOT NULL,
    "namespace" TEXT NOT NULL,
    "tenantId" TEXT,
    "detail" TEXT NOT NULL,
    "repaired" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "ReconcileFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LicenseSigningKey" (
    "kid" TEXT NOT NULL,
    "privateKeyPem" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LicenseSigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE INDEX "ReconcileFinding_resolvedAt_lastSeenAt_idx" ON "ReconcileFinding"("resolvedAt", "lastSeenAt");

-- CreateIndex
CREATE INDEX "ReconcileFinding_kind_namespace_idx" ON "ReconcileFinding"("kind", "namespace");

-- CreateIndex
CREATE UNIQUE INDEX "ProvisioningRun_jobRunId_key" ON "ProvisioningRun"("jobRunId");
