-- AlterEnum
ALTER TYPE "ProvisioningKind" ADD VALUE 'CHANGE_DOMAIN';
