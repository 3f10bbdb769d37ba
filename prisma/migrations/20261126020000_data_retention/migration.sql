-- Data retention: an optional number of days of analytics data kept per website (null = forever).
-- The retention job reads the websites that set one and deletes their older visits, payments and
-- profiles in batches, through the existing (websiteId, startedAt) and (websiteId, createdAt) indexes.
ALTER TABLE "Website" ADD COLUMN "retentionDays" INTEGER;
