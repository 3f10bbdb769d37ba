// Where a freshly signed-in user may be sent: a path on Keygate itself, never another origin.
const BASE = "https://keygate.invalid";
const FALLBACK = "/websites";

/**
 * Resolves the value as a browser would (backslashes, tabs and newlines included) against our own
 * origin and keeps it only when the origin is unchanged; returns the normalized path.
 */
export function safeCallback(value: string | undefined): string {
  if (!value?.startsWith("/")) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== BASE) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? FALLBACK : path;
}
