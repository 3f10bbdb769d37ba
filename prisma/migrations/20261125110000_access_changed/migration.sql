-- Every change that can narrow what a credential or a member may do is announced on the
-- `keygate_access` channel when its transaction commits; each server LISTENs there and empties its
-- credential cache. Statement-level, so a bulk change (a website deleted with its keys) is one notice.
CREATE FUNCTION "keygate_access_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keygate_access', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "WebsiteApiKey_access_changed"
  AFTER UPDATE OF "revokedAt", "keyHash", "websiteId" OR DELETE OR TRUNCATE ON "WebsiteApiKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_access_changed"();

CREATE TRIGGER "AccessToken_access_changed"
  AFTER UPDATE OF "revokedAt", "keyHash", "permissions", "websiteIds", "userId" OR DELETE OR TRUNCATE ON "AccessToken"
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_access_changed"();

CREATE TRIGGER "Membership_access_changed"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Membership"
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_access_changed"();

CREATE TRIGGER "Website_access_changed"
  AFTER UPDATE OF "apiSuspendedAt", "publicDashboard" OR DELETE OR TRUNCATE ON "Website"
  FOR EACH STATEMENT EXECUTE FUNCTION "keygate_access_changed"();
