/**
 * The CLI's audit trail: `<out>/audit.jsonl` (hash-chained, one entry per line) with its anchor
 * `<out>/audit.anchor.json` (head seq and hash, so deleting the last entries is detected), and
 * `crispflow audit verify <audit.jsonl>`: exit 0 when intact, 1 naming the first bad entry.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetFingerprints } from '../core/dataset-refs.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { DatasetProvider } from '../core/node-definition.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { anchorOf, makeEntry, verifyChain, type AuditAnchor, type AuditEntry, type AuditEntryInput } from '../governance/audit/chain.ts';
import { parseJsonLines, toJsonLines } from '../governance/audit/export.ts';
import { pipelineHash, runAuditInput as sharedRunAuditInput } from '../runtime/run-audit.ts';
import type { RunResult } from '../runtime/runner.ts';

export const AUDIT_FILE = 'audit.jsonl';

/** `audit.jsonl` → `audit.anchor.json` beside it. */
export function anchorPathFor(logFile: string): string {
  const dir = path.dirname(logFile);
  const base = path.basename(logFile).replace(/\.jsonl$/i, '');
  return path.join(dir, `${base}.anchor.json`);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * Appends entries to a JSON Lines audit log and moves its anchor. Refuses to append to a log that
 * does not verify (appending would bury the damage under valid-looking entries).
 */
export async function appendAuditEntries(logFile: string, inputs: AuditEntryInput[]): Promise<AuditEntry[]> {
  const text = (await readIfExists(logFile)) ?? '';
  const anchorText = await readIfExists(anchorPathFor(logFile));
  const parsed = parseJsonLines(text);
  if (parsed.error) throw new Error(`${logFile} line ${parsed.error.line} is not valid JSON; the audit log is damaged, so nothing was appended.`);
  const entries = parsed.entries as AuditEntry[];
  const anchor = anchorText ? (JSON.parse(anchorText) as AuditAnchor) : undefined;
  const check = await verifyChain(entries, anchor);
  if (!check.ok) throw new Error(`${logFile} does not verify (${check.reason}), so nothing was appended. Keep the file as evidence and start a new output folder.`);
  const added: AuditEntry[] = [];
  let head = entries[entries.length - 1];
  for (const input of inputs) {
    head = await makeEntry(head, input);
    added.push(head);
  }
  const all = [...entries, ...added];
  await writeAtomic(logFile, toJsonLines(all));
  await writeAtomic(anchorPathFor(logFile), JSON.stringify(anchorOf(all), null, 2) + '\n');
  return added;
}

export { datasetFingerprints, pipelineHash };


/** The run entry of a CLI run (see src/runtime/run-audit.ts), with the pipeline file's path. */
export async function runAuditInput(args: {
  doc: PipelineDocument;
  file: string;
  registry: NodeRegistry;
  datasets: DatasetProvider;
  result: RunResult;
  note?: string;
}): Promise<AuditEntryInput> {
  return sharedRunAuditInput({
    doc: args.doc,
    registry: args.registry,
    result: args.result,
    datasets: await datasetFingerprints(args.doc, args.registry, args.datasets),
    actor: 'cli',
    extra: { pipelineFile: path.resolve(args.file), ...(args.note ? { note: args.note } : {}) },
  });
}

export async function auditVerifyCommand({ file }: { file: string }): Promise<number> {
  const text = await readIfExists(file).catch((e: Error) => {
    console.error(`Cannot read "${file}": ${e.message}.`);
    return null;
  });
  if (text === null) return 2;
  if (text === undefined) {
    console.error(`Cannot read "${file}": no such file.`);
    return 2;
  }
  const parsed = parseJsonLines(text);
  if (parsed.error) {
    console.log(`FAILED: line ${parsed.error.line} is not a JSON entry (${parsed.error.message}).`);
    return 1;
  }
  const anchorFile = anchorPathFor(file);
  const anchorText = await readIfExists(anchorFile);
  let anchor: AuditAnchor | undefined;
  if (anchorText !== undefined) {
    try {
      anchor = JSON.parse(anchorText) as AuditAnchor;
    } catch {
      console.log(`FAILED: the anchor file ${anchorFile} is not valid JSON.`);
      return 1;
    }
  }
  const r = await verifyChain(parsed.entries, anchor);
  if (!r.ok) {
    console.log(`FAILED: ${r.reason}`);
    return 1;
  }
  console.log(`OK: ${r.count} entries, the chain is intact (head seq ${r.headSeq}, ${r.headHash.slice(0, 16)}…).`);
  if (!anchor) console.error(`warning: no anchor file (${path.basename(anchorFile)}) beside the log, so deleted last entries cannot be detected.`);
  return 0;
}
