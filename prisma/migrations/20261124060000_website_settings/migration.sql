-- AlterTable
ALTER TABLE "Website" ADD COLUMN     "allowedHostnames" TEXT[],
ADD COLUMN     "excludedCountries" TEXT[],
ADD COLUMN     "excludedHostnames" TEXT[],
ADD COLUMN     "excludedIps" TEXT[],
ADD COLUMN     "excludedPaths" TEXT[],
ADD COLUMN     "publicDashboard" BOOLEAN NOT NULL DEFAULT false;
