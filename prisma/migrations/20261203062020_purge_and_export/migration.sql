-- CreateEnum
CREATE TYPE "DataExportStatus" AS ENUM ('QUEUED', 'BUILDING', 'READY', 'FAILED', 'EXPIRED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "deletionNoticeFor" TIMESTAMP(3),
ADD COLUMN     "purgeStartedAt" TIMESTAMP(3),
ADD COLUMN     "purgedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "requestedById" TEXT,
    "status" "DataExportStatus" NOT NULL DEFAULT 'QUEUED',
    "sizeBytes" INTEGER,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "readyAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "contentDeletedAt" TIMESTAMP(3),

    CONSTRAINT "DataExport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataExportChunk" (
    "exportId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "orgId" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "DataExportChunk_pkey" PRIMARY KEY ("exportId","seq")
);

-- CreateIndex
CREATE INDEX "DataExport_orgId_createdAt_idx" ON "DataExport"("orgId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "DataExport_status_expiresAt_idx" ON "DataExport"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "DataExportChunk_orgId_idx" ON "DataExportChunk"("orgId");

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataExportChunk" ADD CONSTRAINT "DataExportChunk_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "DataExport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
