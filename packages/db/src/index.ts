export { type Database, migrateUrl, type OpenOptions, openDatabase, PrismaClient } from "./client";
export type { Prisma } from "./generated/prisma/client";
export { MIGRATIONS_DIR, MigrationError, migrate, readMigrations, type SqlConnection } from "./migrator";
