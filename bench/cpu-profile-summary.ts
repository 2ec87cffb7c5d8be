/**
 * Reads a Chromium CPU profile (DevTools Protocol `Profiler.stop`) for the browser benchmarks: the
 * functions with the most self and inclusive time, and every stretch of the main thread busy longer than
 * a threshold (consecutive samples with no "(idle)" between them: what a long task spent its time on).
 * With the build's source maps, minified frames are named by their source file and line.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummaryOptions {
  /** Report busy stretches longer than this (ms). */
  busyStretchMs: number;
  /** The served build's folder, holding `.map` files beside its scripts. */
  sourceMapDir?: string;
  /** Rows per table. */
  top?: number;
}

/** Names a call frame by its source file and line when the build's source maps are at hand. */
export function frameNamer(sourceMapDir: string | undefined) {
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (url: string): SourceMap | null => {
    if (!sourceMapDir || !url.startsWith('http')) return null;
    const file = path.join(sourceMapDir, new URL(url).pathname + '.map');
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(file, 'utf8'))));
      } catch {
        maps.set(file, null);
      }
    }
    return maps.get(file)!;
  };
  return (f: CpuProfileNode['callFrame']): string => {
    const name = f.functionName || '(anonymous)';
    if (!f.url) return name;
    const map = mapFor(f.url);
    const entry = map?.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number; name?: string } | undefined;
    if (entry?.originalSource) {
      const src = entry.originalSource.replace(/^.*?(src|nodes|node_modules)\//, '$1/');
      return `${entry.name ?? name} ${src}:${(entry.originalLine ?? 0) + 1}`;
    }
    return `${name} ${path.basename(new URL(f.url).pathname)}:${f.lineNumber + 1}`;
  };
}

export function summarizeCpuProfile(profile: CpuProfile, o: ProfileSummaryOptions): string {
  const top = o.top ?? 15;
  const name = frameNamer(o.sourceMapDir);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = new Map(profile.nodes.map((n) => [n.id, name(n.callFrame)]));
  /** The distinct frames of a sample's stack, leaf first. */
  const stackOf = (id: number): string[] => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label.get(cur)!;
      if (l !== '(root)') seen.add(l);
    }
    return [...seen];
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const stretches: Array<{ at: number; ms: number; self: Map<string, number>; inclusive: Map<string, number> }> = [];
  let clock = profile.startTime;
  let stretch: (typeof stretches)[number] | undefined;
  const n = profile.samples.length;
  for (let i = 0; i < n; i++) {
    // A sample stands for the time until the next one.
    const ms = (i + 1 < n ? profile.timeDeltas[i + 1] : 0) / 1000;
    clock += profile.timeDeltas[i];
    const id = profile.samples[i];
    const leaf = label.get(id)!;
    if (leaf === '(idle)') {
      if (stretch && stretch.ms > o.busyStretchMs) stretches.push(stretch);
      stretch = undefined;
      continue;
    }
    const stack = stackOf(id);
    add(self, leaf, ms);
    for (const f of stack) add(inclusive, f, ms);
    stretch ??= { at: (clock - profile.startTime) / 1e6, ms: 0, self: new Map(), inclusive: new Map() };
    stretch.ms += ms;
    add(stretch.self, leaf, ms);
    for (const f of stack) add(stretch.inclusive, f, ms);
  }
  if (stretch && stretch.ms > o.busyStretchMs) stretches.push(stretch);
  void byId;

  const rows = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([f, ms]) => `    ${ms.toFixed(1).padStart(8)} ms  ${f}`)
      .join('\n');
  const busy = [...self].filter(([f]) => f !== '(idle)').reduce((s, [, v]) => s + v, 0);
  const out = [
    `  main thread: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled, ${busy.toFixed(0)} ms busy`,
    `  self time:`,
    rows(self, top),
    `  inclusive time:`,
    rows(inclusive, top),
    `  busy stretches over ${o.busyStretchMs} ms: ${stretches.length}`,
  ];
  for (const s of stretches) {
    out.push(`   ${s.ms.toFixed(0)} ms at +${s.at.toFixed(2)} s — self:`, rows(s.self, 6), `     inclusive:`, rows(s.inclusive, 10));
  }
  return out.join('\n');
}
