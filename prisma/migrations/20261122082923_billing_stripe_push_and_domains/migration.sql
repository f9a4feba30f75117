-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "stripePushedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PlanPeriod" ADD COLUMN     "customDomain" TEXT;
