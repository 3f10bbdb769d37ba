// Reads a V8 .heapsnapshot (as written by v8.writeHeapSnapshot or Chrome DevTools) and groups its
// objects the way DevTools' Summary view does: by constructor for objects and native objects,
// "(compiled code)" for code, "(type)" for everything else — "(string)", "(array)", "(closure)", ….
// For each group: how many objects, their own size, and the size they retain (what would be freed
// with them: the group's objects' dominator subtrees, each counted once).
//
// `tsx bench/heap-snapshot.ts A.heapsnapshot [B.heapsnapshot …]` prints each snapshot's top groups
// and the growth between consecutive ones.
//
// The file is read in chunks and parsed by hand (the numbers into typed arrays), so snapshots of any
// size fit: JSON.parse would need the whole file as one string.
import { closeSync, openSync, readSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface Meta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
  edge_fields: string[];
  edge_types: [string[], ...unknown[]];
}

export interface RawSnapshot {
  meta: Meta;
  nodeCount: number;
  edgeCount: number;
  nodes: Uint32Array;
  edges: Uint32Array;
  strings: string[];
}

/** Strings longer than this are cut: only names are read, and source text can be megabytes. */
const MAX_STRING_BYTES = 512;
const CHUNK = 16 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

export function readSnapshot(path: string): RawSnapshot {
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(CHUNK);
  let length = 0;
  let at = 0;
  let eof = false;
  /** Makes buffer[at] readable; false at the end of the file. */
  const fill = (): boolean => {
    if (at < length) return true;
    if (eof) return false;
    length = readSync(fd, buffer, 0, CHUNK, null);
    at = 0;
    if (length === 0) eof = true;
    return length > 0;
  };

  try {
    // The header: {"snapshot":{"meta":{…},"node_count":N,"edge_count":M,…},"nodes":[
    let header = "";
    while (!header.includes('"nodes":[')) {
      if (!fill() || header.length > 1_000_000) throw new Error(`${path}: not a heap snapshot`);
      header += buffer.toString("latin1", at, length);
      at = length;
    }
    const nodesAt = header.indexOf('"nodes":[');
    const parsed = JSON.parse(`${header.slice(0, nodesAt).replace(/,\s*$/, "")}}`) as {
      snapshot: { meta: Meta; node_count: number; edge_count: number };
    };
    // Back to just after `"nodes":[` (the header is ASCII, so characters are bytes).
    at = length - (header.length - nodesAt - '"nodes":['.length);
    const { meta, node_count: nodeCount, edge_count: edgeCount } = parsed.snapshot;

    /** Reads comma-separated unsigned integers up to the closing bracket. */
    const readNumbers = (into: Uint32Array, what: string) => {
      let n = 0;
      let value = 0;
      let digits = false;
      for (;;) {
        if (!fill()) throw new Error(`${path}: ${what} cut short`);
        const end = length;
        for (; at < end; at++) {
          const byte = buffer[at] as number;
          if (byte >= 0x30 && byte <= 0x39) {
            value = value * 10 + (byte - 0x30);
            digits = true;
          } else if (byte === 0x2c || byte === CLOSE) {
            if (digits) {
              if (value > 0xffffffff) throw new Error(`${path}: ${what} value ${value} too large`);
              into[n++] = value;
            }
            value = 0;
            digits = false;
            if (byte === CLOSE) {
              at++;
              if (n !== into.length) throw new Error(`${path}: ${what}: ${n} values, expected ${into.length}`);
              return;
            }
          }
        }
      }
    };
    /** Skips to just after the next `[`. */
    const skipToArray = () => {
      for (;;) {
        if (!fill()) throw new Error(`${path}: cut short`);
        const found = buffer.indexOf(OPEN, at);
        if (found >= 0 && found < length) {
          at = found + 1;
          return;
        }
        at = length;
      }
    };

    const nodes = new Uint32Array(nodeCount * meta.node_fields.length);
    readNumbers(nodes, "nodes");
    skipToArray();
    const edges = new Uint32Array(edgeCount * meta.edge_fields.length);
    readNumbers(edges, "edges");

    // Past the arrays of numbers (trace_function_infos, trace_tree, samples, locations) to
    // "strings": the next quoted key that says so.
    let key: number[] | null = null;
    for (;;) {
      if (!fill()) throw new Error(`${path}: no strings`);
      const byte = buffer[at++] as number;
      if (key === null) {
        if (byte === QUOTE) key = [];
      } else if (byte === QUOTE) {
        if (Buffer.from(key).toString("latin1") === "strings") break;
        key = null;
      } else {
        key.push(byte);
      }
    }
    skipToArray();

    const strings: string[] = [];
    const bytes = Buffer.allocUnsafe(MAX_STRING_BYTES + 8);
    for (;;) {
      if (!fill()) throw new Error(`${path}: strings cut short`);
      const byte = buffer[at++] as number;
      if (byte === CLOSE) break;
      if (byte !== QUOTE) continue;
      // One string literal: its bytes up to the closing quote, escapes kept, cut at MAX_STRING_BYTES.
      let kept = 0;
      let cut = false;
      let escaped = false;
      for (;;) {
        if (!fill()) throw new Error(`${path}: string cut short`);
        const b = buffer[at++] as number;
        if (!escaped && b === QUOTE) break;
        escaped = !escaped && b === BACKSLASH;
        if (kept < MAX_STRING_BYTES) bytes[kept++] = b;
        else cut = true;
      }
      let text = bytes.toString("utf8", 0, kept);
      if (!cut) {
        if (text.includes("\\")) text = JSON.parse(`"${text}"`) as string;
      } else {
        text = `${text.replace(/\\+$/, "")}…`;
      }
      strings.push(text);
    }
    return { meta, nodeCount, edgeCount, nodes, edges, strings };
  } finally {
    closeSync(fd);
  }
}

export interface Group {
  name: string;
  count: number;
  /** Bytes: the objects' own size. */
  selfSize: number;
  /** Bytes the group retains: its objects' dominator subtrees, nested ones counted once. */
  retainedSize: number;
}

export interface Summary {
  nodes: number;
  edges: number;
  /** Highest JavaScript heap object id (odd): objects a later snapshot of the process sees first get higher ones. */
  maxId: number;
  /** Bytes: every object's own size (what the heap holds, as DevTools' total). */
  totalSize: number;
  /** Objects reachable only through weak references (or not at all): counted, not retained. */
  unreachable: { count: number; selfSize: number };
  groups: Group[];
  /** Per id window (after, upTo]: the objects here that a later snapshot than `after`'s saw first. */
  windows: IdWindowSummary[];
}

/**
 * Object ids of one process: V8 numbers a heap object (odd ids) when a snapshot first sees it, in
 * increasing order, and keeps the number while it lives; (maxId of A, maxId of B] = allocated between
 * snapshots A and B. Native (embedder) and synthetic nodes have even ids made otherwise: not counted.
 */
export interface IdWindow {
  after: number;
  upTo: number;
}

export interface IdWindowSummary extends IdWindow {
  count: number;
  selfSize: number;
  groups: Omit<Group, "retainedSize">[];
}

/** The DevTools class of each node, as an index into `names`. */
function classify(raw: RawSnapshot): { classOf: Uint32Array; names: string[] } {
  const { meta, nodes, strings, nodeCount } = raw;
  const fields = meta.node_fields.length;
  const typeField = meta.node_fields.indexOf("type");
  const nameField = meta.node_fields.indexOf("name");
  const types = meta.node_types[0];
  const byName = new Map<string, number>();
  const names: string[] = [];
  const classOf = new Uint32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const type = types[nodes[i * fields + typeField] as number] ?? "unknown";
    const name =
      type === "object" || type === "native"
        ? (strings[nodes[i * fields + nameField] as number] ?? "?")
        : type === "code"
          ? "(compiled code)"
          : type === "hidden"
            ? "(system)"
            : `(${type})`;
    let index = byName.get(name);
    if (index === undefined) {
      index = names.length;
      names.push(name);
      byName.set(name, index);
    }
    classOf[i] = index;
  }
  return { classOf, names };
}

export function summarise(raw: RawSnapshot, windows: IdWindow[] = []): Summary {
  const { meta, nodes, edges, nodeCount, edgeCount } = raw;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const idField = meta.node_fields.indexOf("id");
  const sizeField = meta.node_fields.indexOf("self_size");
  const edgeCountField = meta.node_fields.indexOf("edge_count");
  const edgeTypeField = meta.edge_fields.indexOf("type");
  const toField = meta.edge_fields.indexOf("to_node");
  const weak = meta.edge_types[0].indexOf("weak");
  const { classOf, names } = classify(raw);

  const selfSize = (n: number) => nodes[n * nodeFields + sizeField] as number;
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    firstEdge[n + 1] = (firstEdge[n] as number) + (nodes[n * nodeFields + edgeCountField] as number) * edgeFields;
  }
  if (firstEdge[nodeCount] !== edgeCount * edgeFields) throw new Error("edge counts do not add up");
  const strong = (e: number) => edges[e + edgeTypeField] !== weak;
  const target = (e: number) => (edges[e + toField] as number) / nodeFields;

  // Depth-first post-order from the root (node 0) over strong edges.
  const NONE = 0xffffffff;
  const post = new Uint32Array(nodeCount).fill(NONE); // node → post-order index
  const order = new Uint32Array(nodeCount); // post-order index → node
  const visited = new Uint8Array(nodeCount);
  const stackNode = new Uint32Array(nodeCount);
  const stackEdge = new Uint32Array(nodeCount);
  let reached = 0;
  let depth = 0;
  stackNode[0] = 0;
  stackEdge[0] = firstEdge[0] as number;
  visited[0] = 1;
  depth = 1;
  while (depth > 0) {
    const n = stackNode[depth - 1] as number;
    let e = stackEdge[depth - 1] as number;
    const end = firstEdge[n + 1] as number;
    let pushed = false;
    for (; e < end; e += edgeFields) {
      if (!strong(e)) continue;
      const t = target(e);
      if (visited[t]) continue;
      visited[t] = 1;
      stackEdge[depth - 1] = e + edgeFields;
      stackNode[depth] = t;
      stackEdge[depth] = firstEdge[t] as number;
      depth++;
      pushed = true;
      break;
    }
    if (!pushed) {
      post[n] = reached;
      order[reached++] = n;
      depth--;
    }
  }

  // Predecessors over strong edges between reached nodes, by post-order index.
  const predStart = new Uint32Array(reached + 1);
  for (let n = 0; n < nodeCount; n++) {
    if (post[n] === NONE) continue;
    for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e += edgeFields) {
      if (!strong(e)) continue;
      const t = post[target(e)] as number;
      if (t !== NONE) predStart[t + 1] = (predStart[t + 1] as number) + 1;
    }
  }
  for (let i = 0; i < reached; i++) predStart[i + 1] = (predStart[i + 1] as number) + (predStart[i] as number);
  const preds = new Uint32Array(predStart[reached] as number);
  const fillAt = predStart.slice(0, reached);
  for (let n = 0; n < nodeCount; n++) {
    const from = post[n] as number;
    if (from === NONE) continue;
    for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e += edgeFields) {
      if (!strong(e)) continue;
      const t = post[target(e)] as number;
      if (t === NONE) continue;
      preds[fillAt[t] as number] = from;
      fillAt[t] = (fillAt[t] as number) + 1;
    }
  }

  // Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm), in post-order indices.
  const root = reached - 1;
  const idom = new Uint32Array(reached).fill(NONE);
  idom[root] = root;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = root - 1; i >= 0; i--) {
      let next = NONE;
      for (let p = predStart[i] as number; p < (predStart[i + 1] as number); p++) {
        let a = preds[p] as number;
        if (idom[a] === NONE) continue;
        if (next === NONE) {
          next = a;
          continue;
        }
        let b = next;
        while (a !== b) {
          while (a < b) a = idom[a] as number;
          while (b < a) b = idom[b] as number;
        }
        next = a;
      }
      if (next !== NONE && idom[i] !== next) {
        idom[i] = next;
        changed = true;
      }
    }
  }

  // Retained sizes: a node's dominator comes later in post-order, so one pass upward suffices.
  const retained = new Float64Array(reached);
  for (let i = 0; i < reached; i++) retained[i] = selfSize(order[i] as number);
  for (let i = 0; i < root; i++) {
    const d = idom[i] as number;
    if (d !== NONE) retained[d] = (retained[d] as number) + (retained[i] as number);
  }

  // A group retains the subtrees of its objects that no other object of the group dominates: walk
  // the dominator tree keeping, per group, how many of the current node's dominators belong to it.
  const childStart = new Uint32Array(reached + 1);
  for (let i = 0; i < root; i++) {
    const d = idom[i] as number;
    if (d !== NONE) childStart[d + 1] = (childStart[d + 1] as number) + 1;
  }
  for (let i = 0; i < reached; i++) childStart[i + 1] = (childStart[i + 1] as number) + (childStart[i] as number);
  const children = new Uint32Array(childStart[reached] as number);
  const childFill = childStart.slice(0, reached);
  for (let i = 0; i < root; i++) {
    const d = idom[i] as number;
    if (d === NONE) continue;
    children[childFill[d] as number] = i;
    childFill[d] = (childFill[d] as number) + 1;
  }
  const groupRetained = new Float64Array(names.length);
  const open = new Uint32Array(names.length);
  const walkNode = new Uint32Array(reached);
  const walkChild = new Uint32Array(reached);
  let top = 0;
  const enter = (i: number) => {
    const c = classOf[order[i] as number] as number;
    if (open[c] === 0) groupRetained[c] = (groupRetained[c] as number) + (retained[i] as number);
    open[c] = (open[c] as number) + 1;
    walkNode[top] = i;
    walkChild[top] = childStart[i] as number;
    top++;
  };
  enter(root);
  while (top > 0) {
    const i = walkNode[top - 1] as number;
    const k = walkChild[top - 1] as number;
    if (k < (childStart[i + 1] as number)) {
      walkChild[top - 1] = k + 1;
      enter(children[k] as number);
    } else {
      const c = classOf[order[i] as number] as number;
      open[c] = (open[c] as number) - 1;
      top--;
    }
  }

  const count = new Float64Array(names.length);
  const self = new Float64Array(names.length);
  const windowCount = windows.map(() => new Float64Array(names.length));
  const windowSelf = windows.map(() => new Float64Array(names.length));
  let maxId = 0;
  let totalSize = 0;
  const unreachable = { count: 0, selfSize: 0 };
  for (let n = 0; n < nodeCount; n++) {
    const c = classOf[n] as number;
    const size = selfSize(n);
    const id = nodes[n * nodeFields + idField] as number;
    count[c] = (count[c] as number) + 1;
    self[c] = (self[c] as number) + size;
    totalSize += size;
    const heapObject = id % 2 === 1;
    if (heapObject && id > maxId) maxId = id;
    if (post[n] === NONE) {
      unreachable.count++;
      unreachable.selfSize += size;
    }
    for (let w = 0; w < windows.length; w++) {
      const window = windows[w] as IdWindow;
      if (!heapObject || id <= window.after || id > window.upTo) continue;
      const wc = windowCount[w] as Float64Array;
      const ws = windowSelf[w] as Float64Array;
      wc[c] = (wc[c] as number) + 1;
      ws[c] = (ws[c] as number) + size;
    }
  }
  const groups = names.map((name, c) => ({
    name,
    count: count[c] as number,
    selfSize: self[c] as number,
    retainedSize: groupRetained[c] as number,
  }));
  const summaries = windows.map((window, w) => {
    const windowGroups = names
      .map((name, c) => ({
        name,
        count: (windowCount[w] as Float64Array)[c] as number,
        selfSize: (windowSelf[w] as Float64Array)[c] as number,
      }))
      .filter((g) => g.count > 0)
      .sort((a, b) => b.selfSize - a.selfSize);
    return {
      ...window,
      count: windowGroups.reduce((sum, g) => sum + g.count, 0),
      selfSize: windowGroups.reduce((sum, g) => sum + g.selfSize, 0),
      groups: windowGroups,
    };
  });
  return { nodes: nodeCount, edges: edgeCount, maxId, totalSize, unreachable, groups, windows: summaries };
}

/**
 * What holds the heap's strings (bytes): the source text of loaded scripts (V8 keeps it to compile
 * functions lazily; a script's internal "source" edge), source maps that Node keeps for
 * --enable-source-maps (strings within four steps of a module's source-map data, through objects
 * and arrays, not prototypes), everything else. A string in both counts as a source map.
 */
export function stringHolders(raw: RawSnapshot): { scriptSource: number; sourceMaps: number; other: number } {
  const { meta, nodes, edges, strings, nodeCount } = raw;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const sizeField = meta.node_fields.indexOf("self_size");
  const edgeCountField = meta.node_fields.indexOf("edge_count");
  const toField = meta.edge_fields.indexOf("to_node");
  const nameField = meta.edge_fields.indexOf("name_or_index");
  const typeField = meta.edge_fields.indexOf("type");
  const stringTypes = new Set(["string", "concatenated string", "sliced string"].map((t) => types.indexOf(t)));
  const containerTypes = new Set(["object", "array", "hidden"].map((t) => types.indexOf(t)));
  const weak = edgeTypes.indexOf("weak");
  const internal = edgeTypes.indexOf("internal");
  const named = new Set(["context", "property", "internal", "shortcut", "weak"].map((t) => edgeTypes.indexOf(t)));
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    firstEdge[n + 1] = (firstEdge[n] as number) + (nodes[n * nodeFields + edgeCountField] as number) * edgeFields;
  }
  const edgeName = (e: number) =>
    named.has(edges[e + typeField] as number) ? (strings[edges[e + nameField] as number] ?? "") : "";
  const target = (e: number) => (edges[e + toField] as number) / nodeFields;

  const SCRIPT = 1;
  const MAP = 2;
  const held = new Uint8Array(nodeCount);
  const mapRoots: number[] = [];
  for (let n = 0; n < nodeCount; n++) {
    for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e += edgeFields) {
      const name = edgeName(e);
      if (name === "source" && edges[e + typeField] === internal) held[target(e)] = SCRIPT;
      else if (name.includes("source_map_data")) mapRoots.push(target(e));
    }
  }
  const seen = new Uint8Array(nodeCount);
  let frontier = mapRoots;
  for (let depth = 0; depth <= 4 && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const n of frontier) {
      if (seen[n]) continue;
      seen[n] = 1;
      const type = nodes[n * nodeFields] as number;
      if (stringTypes.has(type)) held[n] = MAP;
      if (!containerTypes.has(type) && !stringTypes.has(type)) continue;
      for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e += edgeFields) {
        if (edges[e + typeField] === weak || ["__proto__", "constructor", "map"].includes(edgeName(e))) continue;
        next.push(target(e));
      }
    }
    frontier = next;
  }
  const totals = { scriptSource: 0, sourceMaps: 0, other: 0 };
  for (let n = 0; n < nodeCount; n++) {
    if (!stringTypes.has(nodes[n * nodeFields] as number)) continue;
    const size = nodes[n * nodeFields + sizeField] as number;
    if (held[n] === MAP) totals.sourceMaps += size;
    else if (held[n] === SCRIPT) totals.scriptSource += size;
    else totals.other += size;
  }
  return totals;
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

export function topGroups(summary: Summary, by: "selfSize" | "retainedSize", n: number): Group[] {
  return [...summary.groups].sort((a, b) => b[by] - a[by]).slice(0, n);
}

export interface Growth {
  name: string;
  count: number;
  selfSize: number;
  retainedSize: number;
}

/** Per group, what `to` holds more than `from` (negative: less), largest own-size changes first. */
export function growth(from: Summary, to: Summary, n: number): Growth[] {
  const before = new Map(from.groups.map((g) => [g.name, g]));
  const names = new Set([...from.groups.map((g) => g.name), ...to.groups.map((g) => g.name)]);
  const after = new Map(to.groups.map((g) => [g.name, g]));
  return [...names]
    .map((name) => {
      const a = before.get(name);
      const b = after.get(name);
      return {
        name,
        count: (b?.count ?? 0) - (a?.count ?? 0),
        selfSize: (b?.selfSize ?? 0) - (a?.selfSize ?? 0),
        retainedSize: (b?.retainedSize ?? 0) - (a?.retainedSize ?? 0),
      };
    })
    .sort((x, y) => Math.abs(y.selfSize) - Math.abs(x.selfSize))
    .slice(0, n);
}

const label = (name: string) => (name.length > 40 ? `${name.slice(0, 39)}…` : name);

export function printGroups(title: string, groups: Group[]): void {
  console.log(`\n${title}`);
  console.log(`  ${"group".padEnd(42)}${"count".padStart(10)}${"self MB".padStart(10)}${"retained MB".padStart(13)}`);
  for (const g of groups) {
    console.log(
      `  ${label(g.name).padEnd(42)}${String(g.count).padStart(10)}${mb(g.selfSize).toFixed(2).padStart(10)}${mb(g.retainedSize).toFixed(2).padStart(13)}`,
    );
  }
}

export function printGrowth(title: string, rows: Growth[]): void {
  const signed = (v: number, digits = 2) => `${v > 0 ? "+" : ""}${v.toFixed(digits)}`;
  console.log(`\n${title}`);
  console.log(`  ${"group".padEnd(42)}${"count".padStart(10)}${"self MB".padStart(10)}${"retained MB".padStart(13)}`);
  for (const g of rows) {
    console.log(
      `  ${label(g.name).padEnd(42)}${signed(g.count, 0).padStart(10)}${signed(mb(g.selfSize)).padStart(10)}${signed(mb(g.retainedSize)).padStart(13)}`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: tsx bench/heap-snapshot.ts A.heapsnapshot [B.heapsnapshot …]");
    process.exit(2);
  }
  let previous: Summary | undefined;
  for (const file of files) {
    const started = Date.now();
    // Objects first seen after the previous snapshot (same process: ids carry over).
    const windows = previous ? [{ after: previous.maxId, upTo: Number.MAX_SAFE_INTEGER }] : [];
    const summary = summarise(readSnapshot(file), windows);
    console.log(
      `\n${file}: ${summary.nodes} objects, ${mb(summary.totalSize)} MB (${mb(summary.unreachable.selfSize)} MB unreachable), read in ${Date.now() - started} ms`,
    );
    printGroups("largest groups by retained size", topGroups(summary, "retainedSize", 12));
    if (previous) {
      printGrowth("growth since the previous snapshot", growth(previous, summary, 12));
      const fresh = summary.windows[0];
      if (fresh) {
        console.log(`\nobjects new since the previous snapshot: ${fresh.count}, ${mb(fresh.selfSize)} MB`);
        for (const g of fresh.groups.slice(0, 8))
          console.log(
            `  ${label(g.name).padEnd(42)}${String(g.count).padStart(10)}${mb(g.selfSize).toFixed(2).padStart(10)}`,
          );
      }
    }
    previous = summary;
  }
}
