-- Usage of each website key and account token: one row per credential and UTC day, with the answers
-- counted by status class and the last client seen that day. Written in batches by each instance
-- (INSERT … ON CONFLICT DO UPDATE adds), never a row per request.
CREATE TABLE "CredentialUsage" (
    "credentialId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "ok2xx" INTEGER NOT NULL DEFAULT 0,
    "redirect3xx" INTEGER NOT NULL DEFAULT 0,
    "client4xx" INTEGER NOT NULL DEFAULT 0,
    "server5xx" INTEGER NOT NULL DEFAULT 0,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "lastIp" TEXT,
    "lastUserAgent" TEXT,

    CONSTRAINT "CredentialUsage_pkey" PRIMARY KEY ("credentialId","day")
);

-- A key or token deleted (with its website or its user) takes its usage with it.
CREATE FUNCTION "keygate_credential_usage_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CredentialUsage" WHERE "credentialId" IN (SELECT "id" FROM old_rows);
  RETURN NULL;
END
$$;

CREATE TRIGGER "WebsiteApiKey_usage_forget"
  AFTER DELETE ON "WebsiteApiKey" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_credential_usage_forget"();

CREATE TRIGGER "AccessToken_usage_forget"
  AFTER DELETE ON "AccessToken" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_credential_usage_forget"();
