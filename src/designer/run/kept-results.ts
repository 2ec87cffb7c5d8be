/**
 * Which results of a run the designer keeps in memory for its viewers (issue 17: a tab near 1.5 GB is
 * at risk of being killed). Models, metrics and reports are small and always kept. Tables are kept
 * within a byte budget, most wanted first: the nodes whose results are on screen (and the nodes they
 * read from, which the manager and review views show), then the pipeline's end results, then the
 * others from the last step back. Bytes are counted per distinct buffer, so columns a step passed on
 * unchanged (shared with its input table) are counted once. A table left out is replaced by its summary,
 * which the results dock shows with a note saying how to see the rows again.
 */
import type { PortType } from '../../core/ports.ts';
import { summarizeOutput, type Summary } from '../../runtime/summarize.ts';
import type { PortOutput } from '../store/pipeline-store.ts';

const BIG_TYPES: ReadonlySet<PortType> = new Set(['table', 'predictions']);

/** Calls `add` once for every distinct ArrayBuffer / SharedArrayBuffer under `value`. */
function forEachBuffer(value: unknown, add: (buffer: ArrayBufferLike) => void): void {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) add(v.buffer);
    else if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer)) add(v);
    else if (v instanceof Map) for (const x of v.values()) stack.push(x);
    else if (Array.isArray(v)) {
      // Arrays of numbers or strings hold no buffers: only look into arrays of objects.
      if (v.length > 0 && typeof v[0] === 'object') for (const x of v) stack.push(x);
    } else for (const x of Object.values(v)) stack.push(x);
  }
}

export interface KeepOptions {
  /** Bytes the kept tables may hold together. */
  budgetBytes: number;
  /** Node ids in plan order (the last ones are the latest results). */
  order: readonly string[];
  /** Nodes whose results are shown now (selected, open views): kept first. */
  pinned: ReadonlySet<string>;
  /** Nodes no other node reads: the pipeline's end results, kept next. */
  terminal: ReadonlySet<string>;
}

export interface KeptResults {
  outputs: Record<string, Record<string, PortOutput>>;
  /** Bytes of the tables kept (distinct buffers). */
  keptBytes: number;
  /** "node/port" of each table replaced by its summary. */
  dropped: string[];
}

/** The summary shown for a table that was not kept, with what to do to see it. */
export function droppedTableSummary(type: PortType, value: unknown, budgetBytes: number): Summary {
  const mb = Math.round(budgetBytes / 2 ** 20);
  return {
    ...summarizeOutput(type, value),
    notKept: `The rows were not kept in memory: the designer keeps at most ${mb} MB of result tables (the memory budget in the status bar). Select this node and use "Run to here" to see them again.`,
  };
}

export function keepResults(outputs: Record<string, Record<string, PortOutput>>, o: KeepOptions): KeptResults {
  const rank = (id: string) => (o.pinned.has(id) ? 0 : o.terminal.has(id) ? 1 : 2);
  const position = new Map(o.order.map((id, i) => [id, i]));
  // Most wanted first; within a rank the latest results first.
  const ids = Object.keys(outputs).sort((a, b) => rank(a) - rank(b) || (position.get(b) ?? -1) - (position.get(a) ?? -1));
  const counted = new Set<ArrayBufferLike>();
  let kept = 0;
  const out: Record<string, Record<string, PortOutput>> = {};
  const dropped: string[] = [];
  for (const id of ids) {
    const ports: Record<string, PortOutput> = {};
    for (const [port, p] of Object.entries(outputs[id])) {
      if (!BIG_TYPES.has(p.type) || typeof p.value !== 'object' || p.value === null) {
        ports[port] = p;
        continue;
      }
      const fresh = new Set<ArrayBufferLike>();
      let extra = 0;
      forEachBuffer(p.value, (b) => {
        if (counted.has(b) || fresh.has(b)) return;
        fresh.add(b);
        extra += b.byteLength;
      });
      if (kept + extra <= o.budgetBytes) {
        kept += extra;
        for (const b of fresh) counted.add(b);
        ports[port] = p;
      } else {
        ports[port] = { type: p.type, value: droppedTableSummary(p.type, p.value, o.budgetBytes) };
        dropped.push(`${id}/${port}`);
      }
    }
    out[id] = ports;
  }
  return { outputs: out, keptBytes: kept, dropped };
}
