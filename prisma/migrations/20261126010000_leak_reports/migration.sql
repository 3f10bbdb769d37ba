-- Leaked credentials reported by secret-scanning partners: one row per reported value of ours (the
-- unique hash makes a repeated report a no-op), kept after the key or token is gone for staff to read.
-- CreateTable
CREATE TABLE "LeakedCredential" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "displayKey" TEXT NOT NULL,
    "websiteId" TEXT,
    "userId" TEXT,
    "outcome" TEXT NOT NULL,
    "tokenType" TEXT NOT NULL,
    "url" TEXT,
    "source" TEXT,
    "reporter" TEXT NOT NULL,
    "notifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeakedCredential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LeakedCredential_tokenHash_key" ON "LeakedCredential"("tokenHash");

-- CreateIndex
CREATE INDEX "LeakedCredential_createdAt_idx" ON "LeakedCredential"("createdAt");
