-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN     "stoppedAt" TIMESTAMP(3);
