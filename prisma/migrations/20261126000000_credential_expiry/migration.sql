-- Credential expiry: an optional end date on website keys and account tokens (null: never), and when
-- each expiry warning (7 days and 1 day before) was sent, so the warning job claims each one once.
ALTER TABLE "WebsiteApiKey" ADD COLUMN "expiresAt" TIMESTAMP(3),
ADD COLUMN "expiryWarned7dAt" TIMESTAMP(3),
ADD COLUMN "expiryWarned1dAt" TIMESTAMP(3);

ALTER TABLE "AccessToken" ADD COLUMN "expiresAt" TIMESTAMP(3),
ADD COLUMN "expiryWarned7dAt" TIMESTAMP(3),
ADD COLUMN "expiryWarned1dAt" TIMESTAMP(3);

-- The warning job looks for credentials expiring soon by this column.
CREATE INDEX "WebsiteApiKey_expiresAt_idx" ON "WebsiteApiKey"("expiresAt");
CREATE INDEX "AccessToken_expiresAt_idx" ON "AccessToken"("expiresAt");

-- An expiry changed by hand (it is set at creation only) narrows access: announce it like a revoke.
DROP TRIGGER "WebsiteApiKey_access_changed" ON "WebsiteApiKey";
CREATE TRIGGER "WebsiteApiKey_access_changed"
  AFTER UPDATE OF "revokedAt", "keyHash", "websiteId", "previousKeyHash", "previousKeyExpiresAt", "expiresAt" OR DELETE OR TRUNCATE ON "WebsiteApiKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_access_changed"();

DROP TRIGGER "AccessToken_access_changed" ON "AccessToken";
CREATE TRIGGER "AccessToken_access_changed"
  AFTER UPDATE OF "revokedAt", "keyHash", "permissions", "websiteIds", "userId", "expiresAt" OR DELETE OR TRUNCATE ON "AccessToken"
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_access_changed"();
