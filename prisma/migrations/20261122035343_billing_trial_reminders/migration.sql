-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "trialReminderDays" INTEGER;
