/**
 * Reads a Chromium trace (Playwright `browser.startTracing`) for the browser benchmarks: the renderer
 * main thread's tasks longer than a threshold, and for each the trace events it spent its own time in
 * (self time: an event's duration less its children's). Unlike a CPU profile, this names native work
 * such as deserialising a worker's message, style and layout, or garbage collection.
 */
import { frameNamer } from './cpu-profile-summary.ts';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number; type?: string } };
}

interface Span {
  name: string;
  start: number;
  end: number;
}

const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

let nameFrame: ReturnType<typeof frameNamer> = frameNamer(undefined);

function label(e: TraceEvent): string {
  const d = e.args?.data;
  if (e.name === 'FunctionCall' && d?.url) {
    // The trace's line and column are 1-based; a CPU profile's call frames are 0-based.
    return `FunctionCall ${nameFrame({ functionName: d.functionName ?? '', url: d.url, lineNumber: (d.lineNumber ?? 1) - 1, columnNumber: (d.columnNumber ?? 1) - 1 })}`;
  }
  if (e.name === 'FunctionCall' && d?.functionName) return `FunctionCall ${d.functionName}`;
  if (e.name === 'EventDispatch' && d?.type) return `EventDispatch ${d.type}`;
  return e.name;
}

/** Complete spans of one thread, from 'X' events and matched 'B'/'E' pairs, sorted by start. */
function spansOf(events: TraceEvent[]): Span[] {
  const spans: Span[] = [];
  const open: TraceEvent[] = [];
  for (const e of events) {
    if (e.ph === 'X' && e.dur !== undefined) spans.push({ name: label(e), start: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) spans.push({ name: label(b), start: b.ts, end: e.ts });
    }
  }
  // Parents first when two spans start together.
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Self time per name of the spans inside [from, to]: each span's time less that of spans nested in it. */
function selfTimes(spans: Span[], from: number, to: number): Map<string, number> {
  const out = new Map<string, number>();
  const stack: Array<Span & { child: number }> = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack[stack.length - 1].end <= until) {
      const s = stack.pop()!;
      const own = s.end - s.start - s.child;
      out.set(s.name, (out.get(s.name) ?? 0) + own);
      if (stack.length > 0) stack[stack.length - 1].child += s.end - s.start;
    }
  };
  for (const s of spans) {
    if (s.start < from || s.end > to) continue;
    close(s.start);
    stack.push({ ...s, child: 0 });
  }
  close(Infinity);
  return out;
}

export function summarizeTrace(trace: { traceEvents: TraceEvent[] } | TraceEvent[], o: { longTaskMs: number; top?: number; sourceMapDir?: string }): string {
  nameFrame = frameNamer(o.sourceMapDir);
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (!mains.has(k)) continue;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k)!.push(e);
  }
  // The page's thread is the busiest renderer main thread.
  const main = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const spans = spansOf(main);
  const tasks: Span[] = [];
  let lastEnd = -Infinity;
  for (const s of spans) {
    if (!TASK.has(s.name) || s.start < lastEnd) continue;
    lastEnd = s.end;
    if ((s.end - s.start) / 1000 > o.longTaskMs) tasks.push(s);
  }
  const total = new Map<string, number>();
  const lines: string[] = [];
  const rows = (m: Map<string, number>, k: number, indent: string) =>
    [...m]
      .filter(([n]) => !TASK.has(n))
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([n, us]) => `${indent}${(us / 1000).toFixed(1).padStart(8)} ms  ${n}`)
      .join('\n');
  for (const t of tasks) {
    const m = selfTimes(spans, t.start, t.end);
    for (const [n, us] of m) total.set(n, (total.get(n) ?? 0) + us);
    lines.push(`   task ${((t.end - t.start) / 1000).toFixed(0)} ms at +${((t.start - (spans[0]?.start ?? 0)) / 1e6).toFixed(2)} s:`, rows(m, 6, '  '));
  }
  return [
    `  trace: ${tasks.length} main-thread tasks over ${o.longTaskMs} ms (${tasks.map((t) => Math.round((t.end - t.start) / 1000)).join(', ')} ms)`,
    `  self time inside them, all together:`,
    rows(total, o.top ?? 20, '  '),
    ...lines,
  ].join('\n');
}
