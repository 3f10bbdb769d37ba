// The migrated database matches prisma/schema.prisma, as read by Prisma's own schema parser:
// every model, column type, nullability, default, primary key, unique, index and foreign key.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "./migrator";
import { createTestDatabase, type TestDatabase } from "./testing";

const require = createRequire(import.meta.url);
const { get_dmmf } = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };
const SCHEMA = readFileSync(join(MIGRATIONS_DIR, "..", "schema.prisma"), "utf8");

interface Field {
  name: string;
  kind: "scalar" | "enum" | "object";
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface Dmmf {
  datamodel: {
    enums: { name: string; values: { name: string }[] }[];
    models: { name: string; fields: Field[] }[];
    indexes: { model: string; type: "id" | "unique" | "normal"; fields: { name: string }[] }[];
  };
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
};

/** What the database must look like for `schema`, described in Postgres terms. */
export function expectedShape(schema: string) {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema }))) as Dmmf;
  const columns: string[] = [];
  const foreignKeys: string[] = [];
  for (const model of dmmf.datamodel.models) {
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (field.relationFromFields?.length) {
          foreignKeys.push(
            `${model.name}(${field.relationFromFields.join(",")}) -> ${field.type}(${field.relationToFields?.join(",")}) on delete ${(field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")).toLowerCase()}`,
          );
        }
        continue;
      }
      // `@db.Date` has no arguments: `date`, not `date()`.
      const args = field.nativeType?.[1].length ? `(${field.nativeType[1].join(",")})` : "";
      const native = field.nativeType ? `${field.nativeType[0].toLowerCase()}${args}` : null;
      const base =
        field.kind === "enum"
          ? field.type
          : (native?.replace(/^decimal/, "numeric").replace(/^varchar/, "character varying") ??
            SCALAR_TYPES[field.type]);
      const type = `${base}${field.isList ? "[]" : ""}`;
      const nullable = field.isRequired && !field.isList ? "not null" : "null";
      const hasDefault = field.hasDefaultValue ? "default" : "no default";
      columns.push(`${model.name}.${field.name} ${type} ${nullable} ${hasDefault}`);
    }
  }
  const indexes = dmmf.datamodel.indexes.map(
    (index) =>
      `${index.model} ${index.type === "normal" ? "index" : index.type === "id" ? "primary" : "unique"} (${index.fields.map((f) => f.name).join(",")})`,
  );
  const enums = dmmf.datamodel.enums.map((e) => `${e.name}: ${e.values.map((v) => v.name).join(",")}`);
  return {
    tables: dmmf.datamodel.models.map((m) => m.name).sort(),
    columns: columns.sort(),
    indexes: indexes.sort(),
    foreignKeys: foreignKeys.sort(),
    enums,
  };
}

async function actualShape(client: pg.Client) {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    )
  ).rows.map((r) => r.name);
  const columns = (
    await client.query<{ line: string }>(`
      SELECT c.relname || '.' || a.attname || ' ' ||
             CASE WHEN t.typtype = 'e' THEN t.typname
                  WHEN t.typcategory = 'A' AND et.typtype = 'e' THEN et.typname || '[]'
                  ELSE format_type(a.atttypid, a.atttypmod) END || ' ' ||
             CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END || ' ' ||
             CASE WHEN a.atthasdef THEN 'default' ELSE 'no default' END AS line
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_type et ON et.oid = t.typelem
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`)
  ).rows.map((r) => r.line.replace("text[]", "text[]"));
  const indexes = (
    await client.query<{ line: string }>(`
      SELECT t.relname || ' ' || CASE WHEN ix.indisprimary THEN 'primary' WHEN ix.indisunique THEN 'unique' ELSE 'index' END ||
             ' (' || string_agg(a.attname, ',' ORDER BY k.ord) || ')' AS line
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, ix.indexrelid, ix.indisprimary, ix.indisunique`)
  ).rows.map((r) => r.line);
  const foreignKeys = (
    await client.query<{ line: string }>(`
      SELECT src.relname || '(' || string_agg(sa.attname, ',' ORDER BY k.ord) || ') -> ' || dst.relname ||
             '(' || string_agg(da.attname, ',' ORDER BY k.ord) || ') on delete ' ||
             CASE con.confdeltype WHEN 'c' THEN 'cascade' WHEN 'r' THEN 'restrict' WHEN 'n' THEN 'setnull' WHEN 'a' THEN 'noaction' ELSE 'setdefault' END AS line
      FROM pg_constraint con
      JOIN pg_class src ON src.oid = con.conrelid
      JOIN pg_class dst ON dst.oid = con.confrelid
      CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(src_att, dst_att, ord)
      JOIN pg_attribute sa ON sa.attrelid = src.oid AND sa.attnum = k.src_att
      JOIN pg_attribute da ON da.attrelid = dst.oid AND da.attnum = k.dst_att
      WHERE con.contype = 'f'
      GROUP BY src.relname, dst.relname, con.oid, con.confdeltype`)
  ).rows.map((r) => r.line);
  const enums = (
    await client.query<{ line: string }>(`
      SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`)
  ).rows.map((r) => r.line);
  return {
    tables: tables.sort(),
    columns: columns.sort(),
    indexes: indexes.sort(),
    foreignKeys: foreignKeys.sort(),
    enums,
  };
}

describe("migrations ↔ schema.prisma", () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("the migrated database has exactly the tables, columns, indexes, foreign keys and enums of the schema", async () => {
    const expected = expectedShape(SCHEMA);
    const actual = await actualShape(client);
    expect(actual.tables).toEqual(expected.tables);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
    expect(actual.enums).toEqual(expected.enums);
    expect(expected.columns.length).toBeGreaterThan(40);
  });

  it("a field added to the schema without a migration is caught", async () => {
    const changed = SCHEMA.replace("model User {\n", "model User {\n  nickname String\n");
    expect(changed).not.toBe(SCHEMA);
    const actual = await actualShape(client);
    expect(actual.columns).not.toEqual(expectedShape(changed).columns);
    const indexChanged = SCHEMA.replace("@@index([userId])\n}", "@@index([userId, createdAt])\n}");
    expect(indexChanged).not.toBe(SCHEMA);
    expect(actual.indexes).not.toEqual(expectedShape(indexChanged).indexes);
  });
});
