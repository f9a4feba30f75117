-- CreateEnum
CREATE TYPE "StorageAlertLevel" AS ENUM ('OK', 'WARNING', 'CRITICAL');

-- CreateTable
CREATE TABLE "StorageAlert" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "volume" TEXT NOT NULL,
    "level" "StorageAlertLevel" NOT NULL DEFAULT 'OK',
    "percentUsed" DECIMAL(7,3) NOT NULL,
    "usedBytes" DECIMAL(24,0) NOT NULL,
    "capacityBytes" DECIMAL(24,0) NOT NULL,
    "daysUntilFull" DOUBLE PRECISION,
    "crossings" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StorageAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StorageAlert_level_idx" ON "StorageAlert"("level");

-- CreateIndex
CREATE UNIQUE INDEX "StorageAlert_tenantId_volume_key" ON "StorageAlert"("tenantId", "volume");

-- AddForeignKey
ALTER TABLE "StorageAlert" ADD CONSTRAINT "StorageAlert_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
