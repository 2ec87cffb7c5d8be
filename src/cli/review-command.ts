/**
 * Human review from the command line (issue 7):
 *   crispflow run …               a review node waits → <out>/review-queue.csv, <out>/run-state.json, exit 3
 *   crispflow review apply <out> <decisions.csv>
 *                                  checks the whole file (any bad row: nothing changes, exit 1), records each
 *                                  decision in <out>/audit.jsonl, then resumes the run with the decisions.
 * The audit log is the record of truth: decisions are appended there first, then run-state.json. If a
 * kill falls between the two, the next `review apply` finds the recorded decisions that the state lacks,
 * takes them into the state (rows of the new file identical to them count as already applied), and goes on.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import type { PipelineDocument } from '../core/document.ts';
import type { DatasetProvider } from '../core/node-definition.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { registryWithNodePackages } from './node-packages-option.ts';
import type { AuditEntryInput } from '../governance/audit/chain.ts';
import { csvLine } from '../core/escape.ts';
import { sha256Hex } from '../governance/audit/sha256.ts';
import type { RunResult } from '../runtime/runner.ts';
import { validateDecisionBatch, type DecisionRow } from '../../nodes/human-review/decisions.ts';
import type { ReviewDecision, ReviewDecisions, ReviewRequest } from '../../nodes/human-review/types.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { verifyChain } from '../governance/audit/chain.ts';
import { AUDIT_FILE, appendAuditEntries, auditKeyForWriting, datasetFingerprints, pipelineHash, readAuditLogFile, runAuditInput } from './audit-command.ts';
import { AuditKeyError } from './audit-key.ts';
import { cliDatasetProvider, loadPipelineFile } from './load-pipeline.ts';

export const REVIEW_QUEUE_FILE = 'review-queue.csv';
export const RUN_STATE_FILE = 'run-state.json';
const EXIT_WAITING = 3;

/** What `review apply` needs to resume a run: where the pipeline and data are, and the open queues. */
export interface RunState {
  version: 1;
  status: 'waiting' | 'done';
  pipelineFile: string;
  dataDir?: string;
  pipelineHash: string;
  datasets: Record<string, string | null>;
  /** nodeId → the review request of each waiting node. */
  waiting: Record<string, ReviewRequest>;
  /** nodeId → every decision applied so far. */
  decisions: Record<string, ReviewDecisions>;
  updatedAt: string;
}

/** Tests only: runs after the decisions are in the audit log, before run-state.json records them. */
let afterDecisionsRecordedHook: (() => void) | undefined;
export function setAfterDecisionsRecordedHookForTests(hook: (() => void) | undefined): void {
  afterDecisionsRecordedHook = hook;
}

/**
 * Decisions the audit log records for the waiting run (after its last run entry) that run-state.json
 * does not: left by a `review apply` stopped between the two writes. Nothing when the log does not verify.
 */
async function decisionsRecordedButNotApplied(outDir: string, state: RunState, key: AuditMacKey): Promise<Map<string, ReviewDecision[]>> {
  const found = new Map<string, ReviewDecision[]>();
  const { entries, anchor } = await readAuditLogFile(path.join(outDir, AUDIT_FILE)).catch(() => ({ entries: [], anchor: undefined }));
  if (!(await verifyChain(entries, anchor, { key })).ok) return found;
  let lastRun = -1;
  entries.forEach((e, i) => {
    if (e.kind === 'run') lastRun = i;
  });
  for (const e of entries.slice(lastRun + 1)) {
    const d = e.data as Record<string, unknown>;
    const req = typeof d.nodeId === 'string' ? state.waiting[d.nodeId] : undefined;
    if (e.kind !== 'decision' || d.pipelineHash !== state.pipelineHash || !req || typeof d.itemId !== 'string' || req.decided.includes(d.itemId)) continue;
    const decision: ReviewDecision = {
      itemId: d.itemId,
      decision: d.decision as ReviewDecision['decision'],
      reason: String(d.reason ?? ''),
      reviewer: String(d.reviewer ?? ''),
      finalDecision: d.finalDecision as ReviewDecision['finalDecision'],
      at: e.at,
      ...(typeof d.secondReviewer === 'string' ? { secondReviewer: d.secondReviewer } : {}),
    };
    found.set(d.nodeId as string, [...(found.get(d.nodeId as string) ?? []), decision]);
  }
  return found;
}

/** run-state.json with `recovered` decisions applied (as the interrupted `review apply` would have). */
function withDecisions(state: RunState, added: Map<string, ReviewDecision[]>, at: string): RunState {
  const decisions: Record<string, ReviewDecisions> = structuredClone(state.decisions);
  const waiting: Record<string, ReviewRequest> = {};
  for (const [nodeId, req] of Object.entries(state.waiting)) {
    const list = added.get(nodeId) ?? [];
    waiting[nodeId] = { ...req, decided: [...req.decided, ...list.map((d) => d.itemId)] };
    if (list.length) decisions[nodeId] = { decisions: [...(decisions[nodeId]?.decisions ?? []), ...list] };
  }
  return { ...state, waiting, decisions, updatedAt: at };
}

export async function readRunState(outDir: string): Promise<RunState | undefined> {
  try {
    return JSON.parse(await readFile(path.join(outDir, RUN_STATE_FILE), 'utf8')) as RunState;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${path.join(outDir, RUN_STATE_FILE)} cannot be read: ${(e as Error).message}`);
  }
}

/** One row per undecided item. The score and drivers are left out in hide-score mode (assess first). */
export function reviewQueueCsv(waiting: Record<string, ReviewRequest>): string {
  const header = ['node_id', 'item_id', 'recommendation', 'score', 'group', 'top_drivers', 'decision', 'reason', 'reviewer'];
  const lines = [header.join(',')];
  for (const [nodeId, req] of Object.entries(waiting)) {
    const decided = new Set(req.decided);
    for (const item of req.items) {
      if (decided.has(item.itemId)) continue;
      const drivers = (item.drivers ?? []).map((d) => `${d.feature} ${d.contribution >= 0 ? '+' : ''}${d.contribution.toFixed(3)}`).join('; ');
      lines.push(
        csvLine([nodeId, item.itemId, item.recommendation, req.hideScore ? '' : item.score.toFixed(4), item.group ?? '', req.hideScore ? '' : drivers, '', '', '']),
      );
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * After every CLI run: append the run entry to the audit log; when review nodes wait, write the queue
 * and the run state and return exit code 3; when a resumed run completes, mark the state done.
 */
export async function recordRunAndReview(args: {
  file: string;
  dataDir?: string;
  outDir: string;
  doc: PipelineDocument;
  registry: NodeRegistry;
  datasets: DatasetProvider;
  result: RunResult;
  failed: boolean;
  decisions?: Record<string, ReviewDecisions>;
  /** The audit key (loaded before the run, so a bad key stops it before any work). */
  auditKey: AuditMacKey;
  /** summary.json as written: the run entry records its hash, so `audit verify` can tie the two. */
  summaryText?: string;
}): Promise<number | undefined> {
  const { outDir, result } = args;
  try {
    await appendAuditEntries(path.join(outDir, AUDIT_FILE), [
        await runAuditInput({
          ...args,
          note: args.decisions ? 'resumed with review decisions' : undefined,
          summarySha256: args.summaryText === undefined ? undefined : await sha256Hex(args.summaryText),
        }),
      ],
      args.auditKey,
    );
  } catch (e) {
    console.error(`The run was not recorded in the audit log: ${(e as Error).message}`);
    return 1;
  }
  const waiting = (result.waiting ?? {}) as Record<string, ReviewRequest>;
  const queueFile = path.join(outDir, REVIEW_QUEUE_FILE);
  if (Object.keys(waiting).length === 0) {
    if (args.decisions) {
      const state = await readRunState(outDir);
      if (state) await writeFileAtomic(path.join(outDir, RUN_STATE_FILE), JSON.stringify({ ...state, status: 'done', waiting: {}, updatedAt: new Date().toISOString() }, null, 2));
      await rm(queueFile, { force: true });
    }
    return undefined;
  }
  const state: RunState = {
    version: 1,
    status: 'waiting',
    pipelineFile: path.resolve(args.file),
    ...(args.dataDir ? { dataDir: path.resolve(args.dataDir) } : {}),
    pipelineHash: await pipelineHash(args.doc),
    datasets: await datasetFingerprints(args.doc, args.registry, args.datasets),
    waiting,
    decisions: args.decisions ?? {},
    updatedAt: new Date().toISOString(),
  };
  await writeFileAtomic(queueFile, reviewQueueCsv(waiting));
  await writeFileAtomic(path.join(outDir, RUN_STATE_FILE), JSON.stringify(state, null, 2));
  const open = Object.values(waiting).reduce((n, r) => n + r.items.length - r.decided.length, 0);
  const hidden = Object.values(waiting).some((r) => r.hideScore);
  console.error(
    `Waiting for review: ${open} item(s) from ${Object.keys(waiting).join(', ')} in ${queueFile}.` +
      (hidden ? ' Scores are hidden (hide-score mode): reviewers assess each person first.' : '') +
      `\nFill in decision (accept|override), reason (required for overrides) and reviewer, then run:\n  crispflow review apply ${outDir} <decisions.csv>`,
  );
  return args.failed ? undefined : EXIT_WAITING;
}

function parseDecisionsCsv(text: string): { rows: Array<DecisionRow & { node_id?: string }>; error?: string } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  const fields = parsed.meta.fields ?? [];
  const missing = ['item_id', 'decision'].filter((f) => !fields.includes(f));
  if (missing.length) return { rows: [], error: `The decisions file needs the columns item_id, decision, reason, reviewer; missing: ${missing.join(', ')}.` };
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    return { rows: [], error: `Row ${(e.row ?? 0) + 2}: ${e.message}.` };
  }
  // Line numbers as a spreadsheet shows them (header = 1). Quoted multi-line cells shift later rows; rare here.
  return { rows: parsed.data.map((r, i) => ({ line: i + 2, item_id: r.item_id, decision: r.decision, reason: r.reason, reviewer: r.reviewer, node_id: r.node_id })) };
}

export async function reviewApplyCommand({
  outDir,
  decisionsFile,
  workers,
  auditKeyFile,
  nodePackages,
}: {
  outDir: string;
  decisionsFile: string;
  workers?: number;
  auditKeyFile?: string;
  /** Node packages (`--nodes`) the pipeline's nodes come from, as for the run that is waiting. */
  nodePackages?: string[];
}): Promise<number> {
  const stored = await readRunState(outDir).catch((e: Error) => {
    console.error(e.message);
    return null;
  });
  if (stored === null) return 2;
  if (!stored) {
    console.error(`${path.join(outDir, RUN_STATE_FILE)} does not exist: "${outDir}" is not the output folder of a run waiting for review.`);
    return 2;
  }
  if (stored.status !== 'waiting') {
    console.error(`The run in "${outDir}" is not waiting for review (it is ${stored.status}). Nothing was changed.`);
    return 1;
  }
  let state: RunState = stored;
  let text: string;
  try {
    text = await readFile(decisionsFile, 'utf8');
  } catch (e) {
    console.error(`Cannot read "${decisionsFile}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
    return 2;
  }

  let auditKey: AuditMacKey;
  try {
    auditKey = await auditKeyForWriting(auditKeyFile);
  } catch (e) {
    if (!(e instanceof AuditKeyError)) throw e;
    console.error(`${e.message} Nothing was changed.`);
    return 2;
  }

  // The pipeline and its data must be what was reviewed.
  const { doc, errors: loadErrors } = await loadPipelineFile(state.pipelineFile);
  if (!doc) {
    for (const e of loadErrors) console.error(e);
    return 2;
  }
  const { registry } = await registryWithNodePackages(nodePackages);
  // Before any decision is recorded: every node type must be known, or the resumed run could not start.
  const unknown = [...new Set(doc.nodes.map((n) => n.type).filter((t) => !registry.resolveType(t)))];
  if (unknown.length > 0) {
    console.error(
      `${state.pipelineFile} uses node type(s) ${unknown.map((t) => `"${t}"`).join(', ')} that neither the built-in nodes nor the given node packages provide. ` +
        'Pass the same --nodes <package-or-folder> as for the run. Nothing was changed.',
    );
    return 2;
  }
  const datasets = cliDatasetProvider(state.pipelineFile, state.dataDir);
  if ((await pipelineHash(doc)) !== state.pipelineHash) {
    console.error(`${state.pipelineFile} changed since the run that is waiting for review. Run it again and review the new queue. Nothing was changed.`);
    return 1;
  }
  const fps = await datasetFingerprints(doc, registry, datasets);
  const changedData = Object.keys(state.datasets).filter((k) => fps[k] !== state.datasets[k]);
  if (changedData.length) {
    console.error(`The data changed since the run that is waiting for review (${changedData.join(', ')}). Run it again and review the new queue. Nothing was changed.`);
    return 1;
  }

  // Decisions an interrupted `review apply` recorded in the audit log but not yet in run-state.json.
  const recovered = await decisionsRecordedButNotApplied(outDir, state, auditKey);
  const recoveredCount = [...recovered.values()].reduce((n, list) => n + list.length, 0);
  if (recoveredCount) {
    state = withDecisions(state, recovered, new Date().toISOString());
    await writeFileAtomic(path.join(outDir, RUN_STATE_FILE), JSON.stringify(state, null, 2));
    console.error(`Recovered ${recoveredCount} decision(s) that the audit log records from an interrupted "review apply"; they count as applied.`);
  }

  // Validate the whole file before anything is written.
  const { rows, error } = parseDecisionsCsv(text);
  if (error) {
    console.error(`${decisionsFile} was rejected, nothing was changed: ${error}`);
    return 1;
  }
  const waitingIds = Object.keys(state.waiting);
  const errors: string[] = [];
  const rowsByNode = new Map<string, DecisionRow[]>();
  // Rows with no decision, reason or reviewer are items left for a later batch (the queue file itself can be filled in).
  // Rows identical to a recovered decision were applied already (the same file, run again after the interruption).
  const sameAsRecovered = (r: DecisionRow & { node_id?: string }) => {
    const nodeId = (r.node_id ?? '').trim() || (waitingIds.length === 1 ? waitingIds[0] : '');
    const t = (v?: string) => (v ?? '').trim();
    return (recovered.get(nodeId) ?? []).some(
      (d) => d.itemId === t(r.item_id) && d.decision === t(r.decision).toLowerCase() && (d.reviewer === t(r.reviewer) || d.secondReviewer === t(r.reviewer)) && (d.reason === t(r.reason) || !t(r.reason)),
    );
  };
  const filled = rows.filter((r) => [r.decision, r.reason, r.reviewer].some((v) => (v ?? '').trim() !== '')).filter((r) => !sameAsRecovered(r));
  for (const r of filled) {
    const nodeId = (r.node_id ?? '').trim() || (waitingIds.length === 1 ? waitingIds[0] : '');
    if (!state.waiting[nodeId]) {
      errors.push(`Row ${r.line}: ${nodeId ? `node "${nodeId}" is not waiting for review` : `node_id is needed (several review nodes wait: ${waitingIds.join(', ')})`}.`);
      continue;
    }
    rowsByNode.set(nodeId, [...(rowsByNode.get(nodeId) ?? []), r]);
  }
  if (filled.length === 0 && recoveredCount === 0) errors.push('The file has no decisions.');
  const at = new Date().toISOString();
  const batches = new Map<string, ReturnType<typeof validateDecisionBatch>>();
  for (const [nodeId, nodeRows] of rowsByNode) {
    const b = validateDecisionBatch(nodeRows, state.waiting[nodeId], at);
    batches.set(nodeId, b);
    errors.push(...b.errors);
  }
  if (errors.length) {
    console.error(`${decisionsFile} was rejected, nothing was changed (the run still waits for review):`);
    for (const e of errors) console.error(`  ${e}`);
    return 1;
  }

  // Record every decision, then resume.
  const batchHash = await sha256Hex(text);
  const entries: AuditEntryInput[] = [];
  const decisions: Record<string, ReviewDecisions> = structuredClone(state.decisions);
  for (const [nodeId, b] of batches) {
    const req = state.waiting[nodeId];
    const items = new Map(req.items.map((i) => [i.itemId, i]));
    for (const d of b.decisions!) {
      const item = items.get(d.itemId)!;
      entries.push({
        kind: 'decision',
        actor: d.reviewer,
        at,
        data: {
          pipeline: doc.metadata.name,
          pipelineHash: state.pipelineHash,
          nodeId,
          itemId: d.itemId,
          recommendation: item.recommendation,
          score: item.score,
          group: item.group ?? null,
          decision: d.decision,
          finalDecision: d.finalDecision,
          reason: d.reason,
          reviewer: d.reviewer,
          secondReviewer: d.secondReviewer ?? null,
          fourEyes: req.fourEyes,
          decisionsFile: path.resolve(decisionsFile),
          decisionsFileHash: batchHash,
        },
      });
    }
    decisions[nodeId] = { decisions: [...(decisions[nodeId]?.decisions ?? []), ...b.decisions!] };
  }
  try {
    if (entries.length) await appendAuditEntries(path.join(outDir, AUDIT_FILE), entries, auditKey);
  } catch (e) {
    console.error(`The decisions were not applied (nothing was changed): ${(e as Error).message}`);
    return 1;
  }
  afterDecisionsRecordedHook?.();
  const waitingDecided: Record<string, ReviewRequest> = {};
  for (const [nodeId, req] of Object.entries(state.waiting)) {
    waitingDecided[nodeId] = { ...req, decided: [...req.decided, ...(batches.get(nodeId)?.decisions ?? []).map((d) => d.itemId)] };
  }
  // Durable before the resume: a crash mid-run keeps the applied decisions.
  await writeFileAtomic(path.join(outDir, RUN_STATE_FILE), JSON.stringify({ ...state, waiting: waitingDecided, decisions, updatedAt: at }, null, 2));
  console.error(`Applied ${entries.length} decision(s)${recoveredCount ? ` and ${recoveredCount} recovered` : ''}; resuming the run.`);
  const { runCommand } = await import('./run-command.ts');
  return runCommand({ file: state.pipelineFile, dataDir: state.dataDir, outDir, workers, decisions, auditKeyFile, nodePackages });
}
