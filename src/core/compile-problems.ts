/** The problems a compile collects, each with the nodes it concerns (so "run to here" can ignore the others). */
import type { Problem } from './errors.ts';

interface Found {
  p: Problem;
  nodes: string[];
}

/** Records a problem; by default it concerns the node it names. */
export type Report = (p: Problem, nodes?: Array<string | undefined>) => void;

export interface ProblemCollector {
  report: Report;
  problems(): Problem[];
  /** True when an error concerns a selected node, or no node at all (the whole document). */
  blocks(selected: ReadonlySet<string>): boolean;
}

export function collectProblems(initial: readonly Problem[] = []): ProblemCollector {
  const found: Found[] = [];
  const report: Report = (p, nodes = [p.nodeId]) => found.push({ p, nodes: nodes.filter((n): n is string => n !== undefined) });
  for (const p of initial) report(p);
  return {
    report,
    problems: () => found.map((f) => f.p),
    blocks: (selected) =>
      found.some((f) => f.p.severity === 'error' && (f.nodes.length === 0 || f.nodes.some((n) => selected.has(n)))),
  };
}

/** The message of whatever a definition or the compiler threw. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'unknown error';
}
