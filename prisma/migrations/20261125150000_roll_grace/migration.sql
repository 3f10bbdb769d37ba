-- Roll with a grace period: the replaced key value keeps working until "previousKeyExpiresAt".
-- Unique like "keyHash", and indexed, so a bearer lookup matches either value in one indexed query.
ALTER TABLE "WebsiteApiKey" ADD COLUMN "previousKeyHash" TEXT,
ADD COLUMN "previousKeyExpiresAt" TIMESTAMP(3);

CREATE UNIQUE INDEX "WebsiteApiKey_previousKeyHash_key" ON "WebsiteApiKey"("previousKeyHash");

-- Shortening or ending a grace window narrows access: announce it like a roll or a revoke.
DROP TRIGGER "WebsiteApiKey_access_changed" ON "WebsiteApiKey";
CREATE TRIGGER "WebsiteApiKey_access_changed"
  AFTER UPDATE OF "revokedAt", "keyHash", "websiteId", "previousKeyHash", "previousKeyExpiresAt" OR DELETE OR TRUNCATE ON "WebsiteApiKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_access_changed"();
