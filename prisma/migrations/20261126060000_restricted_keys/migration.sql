-- Restricted credentials: a website key limited to some permissions, keys and tokens limited to IP
-- ranges (empty arrays: no restriction, as before), and which website key created a key. Set at
-- creation only, so the access-change triggers need no new columns.
ALTER TABLE "WebsiteApiKey" ADD COLUMN "permissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "allowedIps" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "createdByKeyId" TEXT;

ALTER TABLE "AccessToken" ADD COLUMN "allowedIps" TEXT[] DEFAULT ARRAY[]::TEXT[];
