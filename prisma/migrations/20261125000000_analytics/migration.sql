-- CreateTable
CREATE TABLE "AnalyticsSession" (
    "id" TEXT NOT NULL,
    "websiteId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "sessionKey" TEXT NOT NULL,
    "visitNumber" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL,
    "pageviews" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "entryPath" TEXT NOT NULL,
    "exitPath" TEXT NOT NULL,
    "referrer" TEXT,
    "referrerDomain" TEXT,
    "referrerName" TEXT NOT NULL,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "ref" TEXT,
    "source" TEXT,
    "via" TEXT,
    "adClickIds" JSONB,
    "countryCode" TEXT,
    "region" TEXT,
    "city" TEXT,
    "browser" TEXT,
    "browserVersion" TEXT,
    "os" TEXT,
    "osVersion" TEXT,
    "device" TEXT NOT NULL,
    "deviceVendor" TEXT,
    "deviceModel" TEXT,
    "viewportWidth" INTEGER,
    "viewportHeight" INTEGER,
    "language" TEXT,

    CONSTRAINT "AnalyticsSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsEvent" (
    "id" TEXT NOT NULL,
    "websiteId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT,
    "hostname" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "query" TEXT,
    "properties" JSONB,
    "origin" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsPayment" (
    "id" TEXT NOT NULL,
    "websiteId" TEXT NOT NULL,
    "transactionId" TEXT NOT NULL,
    "visitorId" TEXT,
    "amount" DECIMAL(18,4) NOT NULL,
    "currency" TEXT NOT NULL,
    "renewal" BOOLEAN NOT NULL DEFAULT false,
    "refunded" BOOLEAN NOT NULL DEFAULT false,
    "isFreeTrial" BOOLEAN NOT NULL DEFAULT false,
    "email" TEXT,
    "name" TEXT,
    "customerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsProfile" (
    "id" TEXT NOT NULL,
    "websiteId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "metadata" JSONB NOT NULL,
    "identifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsProfile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsSession_websiteId_sessionKey_key" ON "AnalyticsSession"("websiteId", "sessionKey");

-- CreateIndex
CREATE INDEX "AnalyticsSession_websiteId_startedAt_idx" ON "AnalyticsSession"("websiteId", "startedAt");

-- CreateIndex
CREATE INDEX "AnalyticsSession_websiteId_visitorId_idx" ON "AnalyticsSession"("websiteId", "visitorId");

-- CreateIndex
CREATE INDEX "AnalyticsEvent_websiteId_createdAt_idx" ON "AnalyticsEvent"("websiteId", "createdAt");

-- CreateIndex
CREATE INDEX "AnalyticsEvent_websiteId_visitorId_createdAt_idx" ON "AnalyticsEvent"("websiteId", "visitorId", "createdAt");

-- CreateIndex
CREATE INDEX "AnalyticsEvent_sessionId_idx" ON "AnalyticsEvent"("sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsPayment_websiteId_transactionId_key" ON "AnalyticsPayment"("websiteId", "transactionId");

-- CreateIndex
CREATE INDEX "AnalyticsPayment_websiteId_createdAt_idx" ON "AnalyticsPayment"("websiteId", "createdAt");

-- CreateIndex
CREATE INDEX "AnalyticsPayment_websiteId_visitorId_idx" ON "AnalyticsPayment"("websiteId", "visitorId");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsProfile_websiteId_visitorId_key" ON "AnalyticsProfile"("websiteId", "visitorId");

-- CreateIndex
CREATE INDEX "AnalyticsProfile_websiteId_userId_idx" ON "AnalyticsProfile"("websiteId", "userId");

-- AddForeignKey
ALTER TABLE "AnalyticsSession" ADD CONSTRAINT "AnalyticsSession_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsEvent" ADD CONSTRAINT "AnalyticsEvent_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsPayment" ADD CONSTRAINT "AnalyticsPayment_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsProfile" ADD CONSTRAINT "AnalyticsProfile_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE CASCADE ON UPDATE CASCADE;
