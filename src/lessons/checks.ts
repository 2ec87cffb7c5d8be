/**
 * Evaluates a lesson step's checks against the pipeline document and the designer's run results
 * (run.nodes statuses, run.outputs values, and which node's results the dock shows). Each check gives
 * a pass/fail and a sentence for the learner saying what is still missing. Pure: no DOM.
 */
import type { Check } from './format.ts';

/** The parts of the designer's state a check reads (structurally the pipeline store's state). */
export interface LessonContext {
  doc: {
    nodes: ReadonlyArray<{ id: string; type: string; params: Record<string, unknown>; label?: string }>;
    edges: ReadonlyArray<{ from: { node: string; port: string }; to: { node: string; port: string } }>;
  };
  run: {
    nodes: Record<string, { status: string } | undefined>;
    outputs: Record<string, Record<string, { type: string; value: unknown }> | undefined>;
  };
  /** The node whose results the results dock shows (the single selected node), if any. */
  shownNodeId?: string | null;
  /** Display name of a node type ("Train/test split"); defaults to the type. */
  titleOf?(type: string): string;
  /** Display name of a node type's param ("Protected attributes"); defaults to the key. */
  paramLabelOf?(type: string, key: string): string;
}

export interface CheckResult {
  passed: boolean;
  /** What the check looks for, in the learner's words. */
  label: string;
  /** When not passed: what is missing. */
  missing?: string;
}

/** Short metric names lesson authors use, mapped to the fields of metrics and fairness outputs. */
const METRIC_ALIASES: Record<string, string> = {
  di: 'disparateImpact',
  'disparate-impact': 'disparateImpact',
  spd: 'statisticalParityDifference',
  eod: 'equalOpportunityDifference',
  aod: 'averageOddsDifference',
  'equalized-odds': 'equalizedOddsDifference',
  auc: 'auc',
  f1: 'f1',
};

export function metricField(metric: string): string {
  return METRIC_ALIASES[metric.toLowerCase()] ?? metric;
}

const ranOk = (ctx: LessonContext, id: string) => {
  const s = ctx.run.nodes[id]?.status;
  return s === 'ok' || s === 'cached';
};

/** Reads `metric` from a node's outputs: a metrics port's values, or a fairness report's field. */
export function readMetric(ctx: LessonContext, nodeId: string, metric: string): number | undefined {
  const field = metricField(metric);
  for (const out of Object.values(ctx.run.outputs[nodeId] ?? {})) {
    const v = out.value as Record<string, unknown> | null;
    if (!v || typeof v !== 'object') continue;
    if (out.type === 'metrics') {
      const values = (v as { values?: Record<string, unknown> }).values;
      const x = values?.[field];
      if (typeof x === 'number' && Number.isFinite(x)) return x;
    } else if (out.type === 'fairness') {
      const x = v[field];
      if (typeof x === 'number' && Number.isFinite(x)) return x;
    }
  }
  return undefined;
}

/** Ids of the nodes upstream of `id` (breadth-first over incoming edges). */
export function upstreamOf(doc: LessonContext['doc'], id: string): Set<string> {
  const seen = new Set<string>();
  const queue = [id];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const e of doc.edges) {
      if (e.to.node === cur && !seen.has(e.from.node)) {
        seen.add(e.from.node);
        queue.push(e.from.node);
      }
    }
  }
  return seen;
}

const OP_TEXT: Record<string, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '=': '=' };

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return Math.abs(a - b) < 1e-9;
  }
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3).replace(/\.?0+$/, ''));

export function evaluateCheck(check: Check, ctx: LessonContext): CheckResult {
  const title = (t: string) => ctx.titleOf?.(t) ?? t;
  const param = (t: string, key: string) => ctx.paramLabelOf?.(t, key) ?? key;
  const nodesOf = (t: string) => ctx.doc.nodes.filter((n) => n.type === t);
  switch (check.kind) {
    case 'node-exists': {
      const want = check.count ?? 1;
      const have = nodesOf(check.type).length;
      const label = want === 1 ? `A ${title(check.type)} node is on the canvas` : `${want} ${title(check.type)} nodes are on the canvas`;
      return have >= want ? { passed: true, label } : { passed: false, label, missing: `Add ${want - have} more ${title(check.type)} node${want - have === 1 ? '' : 's'} from the palette.` };
    }
    case 'edge': {
      const label = `A ${title(check.fromType)} feeds a ${title(check.toType)}`;
      const types = new Map(ctx.doc.nodes.map((n) => [n.id, n.type]));
      const ok = ctx.doc.edges.some(
        (e) =>
          types.get(e.from.node) === check.fromType &&
          types.get(e.to.node) === check.toType &&
          (check.fromPort === undefined || e.from.port === check.fromPort) &&
          (check.toPort === undefined || e.to.port === check.toPort),
      );
      const ports = check.fromPort || check.toPort ? ` (${check.fromPort ?? 'any output'} → ${check.toPort ?? 'any input'})` : '';
      return ok ? { passed: true, label } : { passed: false, label, missing: `Connect an output of ${title(check.fromType)} to an input of ${title(check.toType)}${ports}.` };
    }
    case 'param': {
      const label = `${title(check.type)}: ${param(check.type, check.key)} is ${String(check.value)}`;
      const ok = nodesOf(check.type).some((n) => {
        const v = n.params[check.key];
        return Array.isArray(v) ? v.map(String).includes(String(check.value)) : v === check.value || (v !== undefined && String(v) === String(check.value));
      });
      return ok ? { passed: true, label } : { passed: false, label, missing: `Select the ${title(check.type)} node and set ${param(check.type, check.key)} to ${String(check.value)} in the inspector.` };
    }
    case 'param-set': {
      const label = `${title(check.type)}: ${param(check.type, check.key)} is filled in`;
      const ok = nodesOf(check.type).some((n) => {
        const v = n.params[check.key];
        return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null;
      });
      return ok ? { passed: true, label } : { passed: false, label, missing: `Select the ${title(check.type)} node and fill in ${param(check.type, check.key)} in the inspector.` };
    }
    case 'no-node': {
      const label = `No ${title(check.type)} node is left`;
      const n = nodesOf(check.type).length;
      return n === 0 ? { passed: true, label } : { passed: false, label, missing: `Select the ${title(check.type)} node and delete it (Delete key).` };
    }
    case 'node-ran': {
      const label = `${title(check.type)} has run`;
      const ok = nodesOf(check.type).some((n) => ranOk(ctx, n.id));
      return ok ? { passed: true, label } : { passed: false, label, missing: 'Run the pipeline (Run button) and wait for the node to finish.' };
    }
    case 'result-shown': {
      const label = `The ${check.output} result of ${title(check.type)} is shown`;
      const shown = ctx.shownNodeId ? ctx.doc.nodes.find((n) => n.id === ctx.shownNodeId) : undefined;
      if (shown?.type === check.type && ranOk(ctx, shown.id) && ctx.run.outputs[shown.id]?.[check.output] !== undefined) return { passed: true, label };
      const ran = nodesOf(check.type).some((n) => ranOk(ctx, n.id));
      return { passed: false, label, missing: ran ? `Click the ${title(check.type)} node to show its results.` : `Run the pipeline, then click the ${title(check.type)} node.` };
    }
    case 'metric': {
      const label = `${check.after ? `After ${title(check.after)}, ` : ''}${title(check.nodeType)} reports ${check.metric} ${OP_TEXT[check.op]} ${check.value}`;
      const upstreamOk = (id: string) => {
        if (!check.after) return true;
        const ups = upstreamOf(ctx.doc, id);
        return ctx.doc.nodes.some((n) => ups.has(n.id) && n.type === check.after);
      };
      const values = nodesOf(check.nodeType)
        .filter((n) => upstreamOk(n.id))
        .map((n) => readMetric(ctx, n.id, check.metric))
        .filter((v): v is number => v !== undefined);
      if (values.some((v) => compare(v, check.op, check.value))) return { passed: true, label };
      if (values.length === 0) return { passed: false, label, missing: `Run the pipeline so that ${title(check.nodeType)}${check.after ? ` (downstream of ${title(check.after)})` : ''} reports ${check.metric}.` };
      return { passed: false, label, missing: `${check.metric} is ${values.map(fmt).join(', ')} now; change the pipeline and run it again.` };
    }
    case 'fairness-reports': {
      const label = `A fairness report shows ${check.metric} by ${check.attribute}`;
      const want = check.attribute.toLowerCase();
      const ok = ctx.doc.nodes.some((n) =>
        Object.values(ctx.run.outputs[n.id] ?? {}).some((o) => {
          if (o.type !== 'fairness' || !ranOk(ctx, n.id)) return false;
          const r = o.value as { attribute?: unknown } | null;
          const attrs = typeof r?.attribute === 'string' ? r.attribute.toLowerCase().split(' × ') : [];
          return attrs.includes(want) && readMetric(ctx, n.id, check.metric) !== undefined;
        }),
      );
      return ok ? { passed: true, label } : { passed: false, label, missing: `Add a fairness node with ${check.attribute} as the protected column, connect predictions to it and run.` };
    }
    case 'review-decided': {
      const label = `At least ${check.count} review decision${check.count === 1 ? '' : 's'} recorded`;
      let decided = 0;
      for (const n of ctx.doc.nodes) {
        for (const o of Object.values(ctx.run.outputs[n.id] ?? {})) {
          const items = o.type === 'review' ? (o.value as { data?: { items?: unknown } } | null)?.data?.items : undefined;
          if (typeof items === 'number') decided += items;
        }
      }
      return decided >= check.count
        ? { passed: true, label }
        : { passed: false, label, missing: `${decided} decided so far: open the review queue (click the waiting review node), decide each case and submit.` };
    }
  }
}

export function evaluateChecks(checks: readonly Check[], ctx: LessonContext): { passed: boolean; results: CheckResult[] } {
  const results = checks.map((c) => evaluateCheck(c, ctx));
  return { passed: results.every((r) => r.passed), results };
}
