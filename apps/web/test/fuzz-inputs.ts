// Hostile inputs for fuzz.test.ts, as fast-check arbitraries: path segments, query strings,
// credentials, content types and bodies, rendered to the raw text and bytes sent on the wire.
import fc from "fast-check";

/** One HTTP request exactly as sent: the request target and header lines as is, the body as bytes. */
export interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body?: Buffer;
  /** Sent in two chunks (Transfer-Encoding: chunked) instead of with a Content-Length. */
  chunked: boolean;
}

/** Real ids and credentials of the fuzz world, mixed into the hostile ones. */
export interface Pools {
  /** Ids the caller's own credentials can reach, by path parameter name. */
  own: Record<string, string>;
  /** Ids of another account's website and its resources. */
  foreign: string[];
  /** Raw df_ keys and dft_ tokens, of various permissions and scopes; the first two reach everything. */
  credentials: string[];
}

const bytes = (text: string) => Buffer.from(text, "utf8");
const concat = (...parts: (string | Buffer)[]) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? bytes(part) : part)));

/** Percent-encodes every byte of the UTF-8 form but the unreserved ones; lone surrogates become U+FFFD. */
export function percentEncode(text: string): string {
  return [...bytes(text)]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

const hexId = fc.stringMatching(/^[0-9a-f]{24}$/);

/** Strings that have broken parsers before: NUL, lone surrogates, bidi overrides, numbers in disguise. */
const NASTY = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "💩",
  "\u202etxt.exe",
  "\ufeff",
  "null",
  "undefined",
  "[object Object]",
  "true",
  "-0",
  "NaN",
  "Infinity",
  "1e309",
  "' OR 1=1 --",
  '"; DROP TABLE "User"; --',
  "%",
  "_",
  "\\",
  "$\u007bx}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  " ",
  "",
];

/** A hostile string, before any encoding. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 20 }), weight: 2 },
  { arbitrary: fc.integer({ min: 101, max: 1000 }).map((n) => "é".repeat(n)), weight: 1 },
);

// --- path parameters ---------------------------------------------------------------------------

/** Raw path-segment tricks, sent undecoded: encoded NUL, slashes, dots, broken escapes, overlong UTF-8. */
const SEGMENT_TRICKS = [
  "%00",
  "%2F",
  "%2f",
  "..",
  ".",
  "%2e%2e",
  "%2E",
  "%5C",
  "%25",
  "%zz",
  "%",
  "%E0%A4%A",
  "%C0%AF",
  "%FF%FE",
  "%0A",
  "%0D%0A",
  "%20",
  "+",
  ";",
  "*",
  "~",
];

/**
 * Printable ASCII for raw request targets and header values (no space, no `/?#%`). Raw bytes past
 * ASCII in a request line are refused by Node's HTTP parser before any app code runs.
 */
const targetChar = fc
  .integer({ min: 0x21, max: 0x7e })
  .map((code) => String.fromCharCode(code))
  .filter((char) => !"/?#%".includes(char));

/** Header values may also carry Latin-1 bytes. */
const headerChar = fc.oneof(
  targetChar,
  fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code)),
);

/** A path segment as sent: the caller's own id, a foreign one, or anything else. */
export function pathSegment(param: string, pools: Pools): fc.Arbitrary<string> {
  const own = pools.own[param] ?? "000000000000000000000000";
  return fc.oneof(
    { arbitrary: fc.constant(own), weight: 12 },
    { arbitrary: fc.constantFrom(...pools.foreign), weight: 2 },
    { arbitrary: hexId, weight: 1 },
    {
      arbitrary: fc.constantFrom(own.toUpperCase(), `${own}0`, own.slice(1), `${own}%00`, "abc", "0", "-1", "null"),
      weight: 2,
    },
    { arbitrary: fc.integer({ min: 200, max: 3000 }).map((n) => "f".repeat(n)), weight: 1 },
    { arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map(percentEncode), weight: 1 },
    {
      arbitrary: fc
        .array(fc.constantFrom(...SEGMENT_TRICKS, own), { minLength: 1, maxLength: 4 })
        .map((parts) => parts.join("")),
      weight: 2,
    },
    { arbitrary: fc.string({ unit: targetChar, minLength: 1, maxLength: 30 }), weight: 1 },
    { arbitrary: fc.constant(""), weight: 1 },
  );
}

// --- query strings -----------------------------------------------------------------------------

const DATES = [
  "2026-02-31",
  "2025-02-29",
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "2026-13-01",
  "2026-00-10",
  "2026-01-01T24:00:00Z",
  "2026-01-01T23:59:60Z",
  "2026-01-01T00:00:00+14:00",
  "2026-01-01T00:00:00-23:59",
  "2026-01-01T00:00:00+99:99",
  "2026-01-01T00:00:00.123456789Z",
  "9999-12-31T23:59:59-12:00",
  "0000-01-01T00:00:00+01:00",
  "1970-01-01",
  "today",
  "2026-1-1",
  "+275760-09-13",
];
const dateValue = fc.oneof(
  fc.constantFrom(...DATES),
  fc
    .date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .chain((date) => fc.constantFrom(date.toISOString(), date.toISOString().slice(0, 10))),
);
const numberValue = fc.oneof(
  fc.constantFrom(
    "0",
    "-1",
    "1.5",
    "1e3",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
    "9007199254740993",
    "",
    " 5",
    "٣",
    "1,2",
  ),
  fc.integer().map(String),
  fc.double().map(String),
);
const ENUMS = ["hour", "HOUR", "day ", "week", "month", "minute", "true", "TRUE", "false", "1", ""];
const TIME_ZONES = [
  "UTC",
  "utc",
  "europe/paris",
  "+01:00",
  "-23:59",
  "+14:00",
  "Etc/GMT+14",
  "Etc/GMT-14",
  "EST5EDT",
  "America/Ciudad_Juarez",
  "Europe/Kyiv",
  "Asia/Kolkata",
  "Pacific/Kiritimati",
  "Mars/Olympus",
  "Factory",
  "localtime",
  "Z",
  "GMT+5",
];
const FIELDS = [
  "visitors",
  "sessions",
  "name",
  "revenue",
  "payments",
  "conversion_rate",
  "bounce_rate",
  "x",
  "__proto__",
  "",
];
const FILTERS = [
  "is:",
  "is_not:FR",
  "contains:%",
  "does_not_contain:_",
  "gte:abc",
  "lte:-1",
  "is:99999999999999999999",
  ",,,",
  "is:a,b",
];

/** Hostile values for a known query parameter, by its name. */
function valueFor(key: string, pools: Pools): fc.Arbitrary<string> {
  if (/^(startAt|endAt|start|end)$/.test(key)) return dateValue;
  if (/^(limit|offset)$/.test(key)) return numberValue;
  if (/^(interval|isCustomer|hasRevenue)$/.test(key)) return fc.constantFrom(...ENUMS);
  if (key === "timezone") return fc.constantFrom(...TIME_ZONES);
  if (key === "fields") return fc.array(fc.constantFrom(...FIELDS), { maxLength: 8 }).map((f) => f.join(","));
  if (key.startsWith("filter_")) return fc.oneof(fc.constantFrom(...FILTERS), hostileString);
  if (key === "cursor")
    return fc.oneof(
      fc.tuple(fc.stringMatching(/^\d{1,15}$/), hexId).map(([at, id]) => `${at}-${id}`),
      fc.constantFrom("0-000000000000000000000000", "999999999999999-ffffffffffffffffffffffff", "-1-x"),
    );
  if (key === "websiteId" || key === "actor")
    return fc.oneof(fc.constant(pools.own.websiteId ?? ""), fc.constantFrom(...pools.foreign), hostileString);
  if (key === "datafast_visitor_id")
    return fc.oneof(
      fc.constant(pools.own.visitorId ?? ""),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.uuid(),
    );
  return hostileString;
}

const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "__proto__[x]"];

/** Raw fragments of a query string: broken escapes, stray separators. */
const QUERY_TRICKS = ["%FF", "%C0%AF", "%E0%A4%A", "%", "%%", "+", "=", "&&", ";", "%00", "%26"];

const QUERY_BUDGET = 5000;

/** `?…` with known keys (repeated, wrong types), random and prototype keys, huge and broken values. */
export function queryString(knownKeys: string[], pools: Pools): fc.Arbitrary<string> {
  const keys = ["websiteId", ...knownKeys];
  const pair = fc.oneof(
    {
      arbitrary: fc
        .constantFrom(...keys)
        .chain((key) => valueFor(key, pools).map((value) => `${key}=${percentEncode(value)}`)),
      weight: 6,
    },
    {
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString), hostileString)
        .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...keys), fc.constantFrom(...QUERY_TRICKS), hostileString)
        .map(([key, trick, value]) => `${key}=${trick}${percentEncode(value)}`),
      weight: 1,
    },
    { arbitrary: fc.constantFrom(...keys).map((key) => `${key}=${"9".repeat(3000)}`), weight: 1 },
    { arbitrary: fc.constantFrom(...keys, "", "=", "&"), weight: 1 },
  );
  return fc.array(pair, { maxLength: 8 }).map((pairs) => {
    // Node refuses request heads over 16 KiB before the app sees them: keep the query under 5 KiB.
    let query = "";
    for (const item of pairs) if (query.length + item.length < QUERY_BUDGET) query += `${query ? "&" : "?"}${item}`;
    return query;
  });
}

// --- headers -----------------------------------------------------------------------------------

/** A valid key with one character of its body changed: well-shaped, wrong checksum. */
function brokenChecksum(key: string, at: number): string {
  const index = key.indexOf("_") + 1 + (at % (key.length - key.indexOf("_") - 1));
  const char = key[index] === "a" ? "b" : "a";
  return `${key.slice(0, index)}${char}${key.slice(index + 1)}`;
}

/** The Authorization header lines: none, one or two; valid, malformed, huge or oddly cased. */
export function authorization(pools: Pools): fc.Arbitrary<string[]> {
  const valid = fc.constantFrom(...pools.credentials);
  // The first credential (the owner's, with every permission) gets furthest: it comes most often.
  const strong = fc.constantFrom(...pools.credentials.slice(0, 2));
  return fc.oneof(
    { arbitrary: strong.map((key) => [`Bearer ${key}`]), weight: 10 },
    { arbitrary: valid.map((key) => [`Bearer ${key}`]), weight: 6 },
    { arbitrary: fc.constant<string[]>([]), weight: 1 },
    {
      arbitrary: fc
        .constantFrom("", "Bearer", "Bearer ", "Bearer df_", "Bearer dft_", "Bearer garbage", "df_", "Token x")
        .map((value): string[] => [value]),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(valid, fc.nat()).map(([key, at]) => [`Bearer ${brokenChecksum(key, at)}`]),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(valid, fc.constantFrom("bearer ", "BEARER ", "Bearer\t", "Bearer  ", "Basic ", ""))
        .map(([key, scheme]) => [`${scheme}${key}`]),
      weight: 1,
    },
    { arbitrary: fc.integer({ min: 1000, max: 3000 }).map((n) => [`Bearer dft_${"A".repeat(n)}`]), weight: 1 },
    {
      arbitrary: fc
        .tuple(valid, fc.string({ unit: headerChar, maxLength: 10 }))
        .map(([key, tail]) => [`Bearer ${key}${tail}`]),
      weight: 1,
    },
    { arbitrary: fc.tuple(valid, valid).map(([a, b]) => [`Bearer ${a}`, `Bearer ${b}`]), weight: 1 },
  );
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=UTF-16",
  "application/json; charset=latin1",
  'application/json; charset="utf-8"',
  "application/merge-patch+json",
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=fuzz",
  "application/xml",
  "",
  "*/*",
];

/** The Content-Type header lines: usually one, sometimes none or two. */
export const contentType: fc.Arbitrary<string[]> = fc.oneof(
  { arbitrary: fc.constantFrom(...CONTENT_TYPES).map((value) => [value]), weight: 6 },
  { arbitrary: fc.constant<string[]>([]), weight: 2 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...CONTENT_TYPES)).map((pair) => [...pair]),
    weight: 1,
  },
);

/** Other headers that reach the audit log and the collection's enrichment: User-Agent, X-Forwarded-For. */
export const otherHeaders: fc.Arbitrary<[string, string][]> = fc
  .array(
    fc.tuple(
      fc.constantFrom("User-Agent", "X-Forwarded-For", "Origin", "Referer", "Accept-Language"),
      fc.oneof(
        fc.string({ unit: headerChar, maxLength: 40 }),
        fc.constantFrom("", "1.2.3.4, 5.6.7.8", "::1", "not-an-ip", "999.999.999.999", "Googlebot/2.1"),
        fc.integer({ min: 10, max: 120 }).map((n) => "Mozilla/5.0 ".repeat(n)),
      ),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => pairs as [string, string][]);

// --- bodies ------------------------------------------------------------------------------------

/** Any JSON value, with hostile strings in it. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e-308, Number.MAX_SAFE_INTEGER + 2),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString), tie("value"), { maxKeys: 3 }),
  ),
})).value;

const INVALID_UTF8 = [
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0xa4]),
  Buffer.from([0xed, 0xa0, 0x80]), // a lone surrogate, encoded
  Buffer.from([0xf4, 0x90, 0x80, 0x80]), // past U+10FFFF
  Buffer.from([0x80]),
];

const NOT_JSON = [
  "",
  " ",
  "{",
  "name=x&websiteId=y",
  '--fuzz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--fuzz--\r\n',
  "undefined",
  "NaN",
  "{'a':1}",
  "\ufeff{}",
  "1e999",
  "[1,]",
  '{"a":1}}',
  "<xml/>",
];

export interface BodyShape {
  /** Top-level field names of the route's body contract. */
  fields: string[];
  /** Bodies the route accepts, to mutate (at least one; `{}` when it takes none). */
  examples: Record<string, unknown>[];
  /** The body limit in bytes. */
  limit: number;
}

const asJson = (value: unknown) => bytes(JSON.stringify(value));

type Path = (string | number)[];

/** Every path to a value inside a JSON value, e.g. ["steps", 0, "url"]. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...pathsOf(item, path)];
  });
}

/** A copy of `value` with the value at `path` replaced, or removed when `replacement` is undefined. */
function withValueAt(value: unknown, [head, ...rest]: Path, replacement: unknown): unknown {
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  if (head === undefined) return replacement;
  if (rest.length > 0) copy[head] = withValueAt(copy[head], rest, replacement);
  else if (replacement === undefined) delete copy[head];
  else copy[head] = replacement;
  return copy;
}

const SPLICE = "\u0000splice\u0000";

/** `valid` with raw JSON text (too big or too deep to build as a value) at `path`. */
function spliced(valid: unknown, path: Path, json: string): Buffer {
  return bytes(JSON.stringify(withValueAt(valid, path, SPLICE)).replace(JSON.stringify(SPLICE), json));
}

/** A body as bytes: valid, mutated, wrong-typed, oversized, deeply nested, duplicated, broken or not JSON. */
export function body({ fields, examples, limit }: BodyShape): fc.Arbitrary<Buffer | undefined> {
  return fc.constantFrom(...examples).chain((valid) => bodyFrom(valid, fields, limit));
}

function bodyFrom(valid: Record<string, unknown>, fields: string[], limit: number): fc.Arbitrary<Buffer | undefined> {
  const field = fc.constantFrom(...fields, "extra");
  const paths = [...fields.map((name) => [name]), ...pathsOf(valid), ["extra"]];
  // Inside the example's objects (extraData.*, steps.0.*) half of the time: where free-form data goes deepest.
  const nested = pathsOf(valid).filter((path) => path.length > 1);
  const anyPath =
    nested.length > 0 ? fc.oneof(fc.constantFrom(...paths), fc.constantFrom(...nested)) : fc.constantFrom(...paths);
  const validText = JSON.stringify(valid);
  const inner = validText.slice(1, -1);
  const comma = inner ? "," : "";
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: fc.constant(asJson(valid)), weight: 2 },
    {
      arbitrary: fc
        .tuple(anyPath, fc.option(jsonValue, { freq: 6, nil: undefined }))
        .map(([path, value]) => asJson(withValueAt(valid, path, value))),
      weight: 8,
    },
    { arbitrary: fc.dictionary(field, jsonValue, { maxKeys: fields.length + 1 }).map(asJson), weight: 3 },
    { arbitrary: jsonValue.map(asJson), weight: 2 },
    {
      arbitrary: fc
        .tuple(anyPath, fc.integer({ min: limit - 100, max: limit + 5000 }))
        .map(([path, size]) => spliced(valid, path, `"${"x".repeat(size)}"`)),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(anyPath, fc.integer({ min: 1000, max: Math.floor(limit / 2) - 20 }), fc.boolean())
        .map(([path, depth, arrays]) => {
          const levels = arrays ? depth : Math.floor(depth / 3);
          return spliced(
            valid,
            path,
            arrays ? `${"[".repeat(levels)}${"]".repeat(levels)}` : `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`,
          );
        }),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(field, jsonValue)
        .map(([key, value]) => concat(`{${inner}${comma}"${key}":${JSON.stringify(value) ?? "null"},"${key}":2}`)),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(field, fc.constantFrom("\\u0000", "a\\u0000", "\\ud800", "\\udfff\\ud800", "\\u202e"), fc.boolean())
        .map(([key, sequence, inKey]) =>
          concat(inKey ? `{${inner}${comma}"${key}${sequence}":"x"}` : `{${inner}${comma}"${key}":"${sequence}"}`),
        ),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(field, fc.constantFrom(...INVALID_UTF8, Buffer.from([0x00]), Buffer.from([0x0a])), fc.boolean())
        .map(([key, raw, inKey]) =>
          inKey
            ? concat(`{${inner}${comma}"${key}`, raw, '":"x"}')
            : concat(`{${inner}${comma}"${key}":"a`, raw, 'b"}'),
        ),
      weight: 2,
    },
    {
      arbitrary: fc.oneof(
        fc.constantFrom(...NOT_JSON).map(bytes),
        fc.uint8Array({ maxLength: 64 }).map((array) => Buffer.from(array)),
        fc.constantFrom(...INVALID_UTF8),
      ),
      weight: 2,
    },
    {
      arbitrary: fc.constantFrom(`[${validText}]`, "[]", "null", "1", '"x"', "true").map(bytes),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom("__proto__", "constructor"), fc.boolean())
        .map(([key, first]) =>
          first
            ? concat(`{"${key}":{"isStaff":true,"prototype":{"polluted":1}}${comma}${inner}}`)
            : concat(`{${inner}${comma}"${key}":{"polluted":true}}`),
        ),
      weight: 1,
    },
  );
}
