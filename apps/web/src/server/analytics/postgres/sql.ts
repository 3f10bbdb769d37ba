// Building parameterised SQL: values always travel as $n parameters, never inside the text.
import { database } from "../../db";

export class Params {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export async function rows<T>(text: string, params: Params | unknown[]): Promise<T[]> {
  const { query } = await database();
  return query<T>(text, params instanceof Params ? params.values : params);
}

/** `LIKE` pattern matching `value` literally anywhere. */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A funnel or exclusion path with `*` wildcards as a `LIKE` pattern. */
export function wildcardPattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "%");
}

/** numeric and bigint columns arrive as strings from the driver. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
