// Country codes ↔ English names (from Intl, no table to maintain) and flag images from country-flag-icons.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const displayNames = new Intl.DisplayNames(["en"], { type: "region" });

/** Names our reference reports differently from Intl's. */
const NAME_OVERRIDES: Record<string, string> = { US: "United States of America" };

/** Region codes Intl names that are not countries a visitor can be in. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"]);

/** Other names people type for a country. */
const ALIASES: Record<string, string> = {
  usa: "US",
  "united states": "US",
  "great britain": "GB",
  turkey: "TR",
  "czech republic": "CZ",
  burma: "MM",
  "ivory coast": "CI",
  "hong kong": "HK",
  macau: "MO",
  macao: "MO",
  "democratic republic of the congo": "CD",
  "republic of the congo": "CG",
};

/** Case, accents, "&"/"and" and curly apostrophes do not matter when matching a typed name. */
function nameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[’‘]/g, "'")
    .replace(/&/g, "and")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Current codes only: Intl also names retired ones (UK, DD, SU…), and canonicalizing maps them to today's. */
function canonicalRegion(code: string): string | null {
  try {
    return new Intl.Locale(`und-${code}`).region ?? null;
  } catch {
    return null;
  }
}

function buildCodes(): Map<string, string> {
  const byName = new Map<string, string>();
  const letters = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
  for (const code of letters.flatMap((first) => letters.map((second) => first + second))) {
    if (NOT_COUNTRIES.has(code) || displayNames.of(code) === code || canonicalRegion(code) !== code) continue;
    for (const name of [countryName(code), displayNames.of(code) ?? code]) {
      const key = nameKey(name);
      // "Myanmar (Burma)" is also "Myanmar"; "St. Lucia" is also "Saint Lucia".
      for (const variant of [key, key.replace(/ \(.*\)$/, ""), key.replace(/^st\. /, "saint ")]) {
        byName.set(variant, code);
      }
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);
  return byName;
}

let codesByName: Map<string, string> | undefined;
let knownCodes: Set<string> | undefined;

/** The English name of an ISO 3166-1 alpha-2 code; the code itself when it names no region. */
export function countryName(code: string): string {
  const upper = code.toUpperCase();
  const override = NAME_OVERRIDES[upper];
  if (override) return override;
  if (!/^[A-Z]{2}$/.test(upper)) return code;
  return displayNames.of(upper) ?? upper;
}

/** The alpha-2 code for a code in any case ("us", "UK" → "GB") or an English name ("germany"); else null. */
export function countryCodeOf(input: string): string | null {
  codesByName ??= buildCodes();
  knownCodes ??= new Set(codesByName.values());
  const trimmed = input.trim();
  if (/^[a-z]{2}$/i.test(trimmed)) {
    const code = canonicalRegion(trimmed.toUpperCase());
    return code && knownCodes.has(code) ? code : null;
  }
  return codesByName.get(nameKey(trimmed)) ?? null;
}

/** Codes that may reach a file path: two ASCII letters, so nothing else in the package can be read. */
function checkedCode(code: string): string | null {
  return /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : null;
}

/** The public URL of a flag image, or null for anything but a two-letter code. */
export function flagPath(code: string): string | null {
  const checked = checkedCode(code);
  return checked ? `/flags/${checked.toLowerCase()}.svg` : null;
}

let flagsDir: string | undefined;
const flags = new Map<string, string | null>();

/** The 3:2 SVG flag for a country code (country-flag-icons), or null when there is none. */
export function flagSvg(code: string): string | null {
  const checked = checkedCode(code);
  if (!checked) return null;
  if (!flags.has(checked)) {
    // The package's exports map does not list the SVG files, so locate them from its manifest.
    flagsDir ??= join(dirname(createRequire(import.meta.url).resolve("country-flag-icons/package.json")), "3x2");
    let svg: string | null = null;
    try {
      svg = readFileSync(join(flagsDir, `${checked}.svg`), "utf8");
    } catch {
      // No flag for this code: remember that too.
    }
    flags.set(checked, svg);
  }
  return flags.get(checked) ?? null;
}
