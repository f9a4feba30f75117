-- CreateTable
CREATE TABLE "PlanPeriod" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "isPaid" BOOLEAN NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),

    CONSTRAINT "PlanPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanPeriod_orgId_startsAt_idx" ON "PlanPeriod"("orgId", "startsAt");

-- CreateIndex
CREATE INDEX "PlanPeriod_startsAt_endsAt_idx" ON "PlanPeriod"("startsAt", "endsAt");

-- AddForeignKey
ALTER TABLE "PlanPeriod" ADD CONSTRAINT "PlanPeriod_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
