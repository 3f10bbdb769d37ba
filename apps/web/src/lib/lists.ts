/** A list typed in one field, separated by commas, spaces or new lines: "a, b\nc" → ["a", "b", "c"]. */
export function listOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}
