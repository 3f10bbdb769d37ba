// ObjectId-format ids (24 hex characters) for every public resource, as DataFast clients expect.

/** The ObjectId format, as validated and as the OpenAPI document states it (`pattern`). */
export const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A new 24-hex id: 4 bytes of seconds since the epoch (so ids sort by creation), 8 random bytes. */
export function newObjectId(now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, "0");
  const random = crypto.getRandomValues(new Uint8Array(8));
  let tail = "";
  for (const byte of random) tail += byte.toString(16).padStart(2, "0");
  return seconds + tail;
}

export function isObjectId(value: unknown): value is string {
  return typeof value === "string" && OBJECT_ID.test(value);
}
