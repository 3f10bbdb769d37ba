// Time zones and currencies the browser knows. The server's list can differ from the browser's, so
// the first render (server and hydration) offers only the current value, then the full list.
import { useSyncExternalStore } from "react";

type Kind = "timeZone" | "currency";
const lists = new Map<Kind, string[]>();
const subscribe = () => () => {};

function supported(kind: Kind): string[] {
  let list = lists.get(kind);
  if (!list) {
    list = Intl.supportedValuesOf(kind);
    lists.set(kind, list);
  }
  return list;
}

/** Every value of `kind`, with `current` kept in the list even if this browser does not name it. */
export function useSupportedValues(kind: Kind, current: string): string[] {
  const all = useSyncExternalStore(
    subscribe,
    () => supported(kind),
    () => null,
  );
  if (!all) return [current];
  return all.includes(current) ? all : [current, ...all];
}
