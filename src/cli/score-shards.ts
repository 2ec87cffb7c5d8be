/**
 * Sharded batch scoring (issue 16), for fanning `crispflow score` out as parallel cluster steps:
 *
 *   crispflow score <model> --input <a.csv> --input <b.csv> … --shard i/n --out <dir>
 *   crispflow score merge <dir> --shards n --out <scored.csv>
 *
 * Assignment is deterministic and keeps input order, so merging the shards in order gives the rows of an
 * unsharded run: with at least n files, shard i takes the i-th contiguous block of files; with one file,
 * shard i takes the i-th contiguous block of its rows. Each shard writes `part-<i>-of-<n>.csv`, then (only
 * after the CSV is complete) `part-<i>-of-<n>.done.json`; a shard that fails writes `.failed.json` with the
 * reason (the missing file named). The merge refuses to write anything while a shard has no `.done.json`.
 */
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import type { Model } from '../core/ports.ts';
import { takeRows, withColumns, type Table } from '../core/table/table.ts';
import { tableToCsv } from '../io/csv-export.ts';
import { tempFileFor, writeFileAtomic } from '../fs/atomic-write.ts';
import { scoreTable } from '../ml/models/scorers.ts';
import { loadVersionModel, resolveModelVersion } from '../monitoring/registry-versions.ts';
import { readModelInput } from '../monitoring/run-monitor.ts';
import { EXIT } from './exit-codes.ts';
import { loadModelFile } from './model-file.ts';
import { usageProblem } from './monitor-command.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses "i/n"; the error names the valid range. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard must be "i/n" (for example 3/10), not "${text}".`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return `--shard ${text}: the number of shards must be at least 1.`;
  if (index < 1 || index > count) return `--shard ${text}: the shard must be between 1 and ${count} (1/${count} … ${count}/${count}).`;
  return { index, count };
}

export const shardFileName = (s: Shard, suffix: '.csv' | '.done.json' | '.failed.json') => `part-${s.index}-of-${s.count}${suffix}`;

/** What shard `s` scores: whole files (files ≥ shards) or a row range of the only file. */
export type ShardWork = { files: string[] } | { file: string; splitRows: true };

/** The contiguous block [floor((i-1)·total/n), floor(i·total/n)) of `total` items for shard i of n. */
export function shardRange(s: Shard, total: number): [number, number] {
  return [Math.floor(((s.index - 1) * total) / s.count), Math.floor((s.index * total) / s.count)];
}

export function assignShard(inputs: string[], s: Shard): ShardWork | string {
  if (inputs.length >= s.count) {
    const [from, to] = shardRange(s, inputs.length);
    return { files: inputs.slice(from, to) };
  }
  if (inputs.length === 1) return { file: inputs[0], splitRows: true };
  return `${inputs.length} input files cannot be split into ${s.count} shards: give one file (its rows are split) or at least ${s.count} files (the files are split).`;
}

/** Thrown for bad model references and kinds: exit 2 naming the model. */
class ScoringModelError extends Error {}

export async function loadScoringModel(ref: string, registry?: string): Promise<{ model: Model; label: string }> {
  createBuiltinRegistry(); // installs the model scorers in this thread
  const isFile = ref.endsWith('.json') && (await stat(ref).then((st) => st.isFile(), () => false));
  if (isFile) {
    try {
      return { model: await loadModelFile(ref), label: path.basename(ref) };
    } catch (e) {
      // Not a model file, or a kind this build cannot score (named in the message).
      throw new ScoringModelError((e as Error).message);
    }
  }
  const r = await resolveModelVersion(ref, registry);
  const model = await loadVersionModel(r);
  return { model, label: `${r.version.name}@v${r.version.version}` };
}

/** `table` with the model's score and predicted label appended; `input` is what the model reads (default the table itself). */
export function scoredTable(model: Model, table: Table, input: Table = table): Table {
  const scores = scoreTable(model, input);
  const t = typeof model.hyperParams.threshold === 'number' ? model.hyperParams.threshold : 0.5;
  return withColumns(table, [
    { name: 'score', type: 'number', values: scores },
    { name: 'predicted', type: 'integer', values: Float64Array.from(scores, (v) => (v >= t ? 1 : 0)) },
  ]);
}

export interface ScoreShardOptions {
  model: string;
  inputs: string[];
  shard: string;
  out?: string;
  registry?: string;
}

/** One shard: exit 0 written, 1 the shard failed (reason in .failed.json and on stderr), 2 bad usage. */
export async function scoreShardCommand(o: ScoreShardOptions): Promise<number> {
  const shard = parseShard(o.shard);
  if (typeof shard === 'string') return (console.error(shard), EXIT.usage);
  if (!o.out) return (console.error('crispflow score --shard i/n needs --out <dir> (the folder every shard and the merge share).'), EXIT.usage);
  if (o.inputs.length === 0) return (console.error('crispflow score --shard i/n needs at least one --input <rows.csv>.'), EXIT.usage);
  const work = assignShard(o.inputs, shard);
  if (typeof work === 'string') return (console.error(work), EXIT.usage);
  let model: Model;
  let label: string;
  try {
    ({ model, label } = await loadScoringModel(o.model, o.registry));
  } catch (e) {
    const problem = e instanceof ScoringModelError ? e.message : usageProblem(e);
    if (problem) return (console.error(problem), EXIT.usage);
    throw e;
  }
  const csv = path.join(o.out, shardFileName(shard, '.csv'));
  const done = path.join(o.out, shardFileName(shard, '.done.json'));
  const failed = path.join(o.out, shardFileName(shard, '.failed.json'));
  await mkdir(o.out, { recursive: true });
  // A re-run of this shard starts clean: an old marker must not vouch for the new CSV.
  await rm(done, { force: true });
  await rm(failed, { force: true });
  const fail = async (reason: string) => {
    console.error(`Shard ${shard.index}/${shard.count} failed: ${reason}`);
    await writeFileAtomic(failed, JSON.stringify({ shard: shard.index, of: shard.count, error: reason }, null, 2));
    return EXIT.nodeFailed;
  };
  const files = 'files' in work ? work.files : [work.file];
  // Every file of the shard is checked before any scoring, so a missing one is named at once.
  for (const f of files) {
    const exists = await stat(f).then((st) => st.isFile(), () => false);
    if (!exists) return fail(`its input file ${f} does not exist.`);
  }
  const parts: string[] = [];
  let rows = 0;
  let columns: string | undefined;
  try {
    for (const [k, f] of files.entries()) {
      // A raw input is prepared as in training (the model's scoring pipeline), the whole file before its rows are split.
      const prepared = await readModelInput(model, createBuiltinRegistry(), f, 'The input');
      let table = prepared.raw;
      let input = prepared.table;
      if ('splitRows' in work) {
        const [from, to] = shardRange(shard, table.nRows);
        const rowsOfShard = Int32Array.from({ length: to - from }, (_, k) => from + k);
        table = takeRows(table, rowsOfShard);
        input = takeRows(input, rowsOfShard);
      }
      // One header per part: every file must have the first file's columns, in its order.
      const names = table.columns.map((c) => c.name).join(',');
      columns ??= names;
      if (names !== columns) return fail(`its input file ${f} has the columns ${names}, not ${columns} as ${files[0]}: give the files the same columns in the same order.`);
      // Header once per shard; the merge checks that every shard wrote the same one.
      const text = tableToCsv(scoredTable(model, table, input), { header: k === 0 || parts.length === 0 });
      parts.push(text.endsWith('\r\n') || text.length === 0 ? text : `${text}\r\n`);
      rows += table.nRows;
    }
  } catch (e) {
    const problem = usageProblem(e);
    if (problem) return fail(problem);
    throw e;
  }
  await writeFileAtomic(csv, parts.join(''));
  await writeFileAtomic(done, JSON.stringify({ shard: shard.index, of: shard.count, rows, inputs: files, model: label }, null, 2));
  console.log(`Shard ${shard.index}/${shard.count}: scored ${rows} rows from ${files.length} file(s) with ${label}: ${path.resolve(csv)}`);
  return EXIT.ok;
}

export interface ScoreMergeOptions {
  dir?: string;
  shards?: string;
  out?: string;
}

/** Concatenates the shards in order: exit 0 merged, 1 shards missing or failed (named; nothing written), 2 bad usage. */
export async function scoreMergeCommand(o: ScoreMergeOptions): Promise<number> {
  const usage = 'Usage: crispflow score merge <dir> --shards <n> --out <scored.csv>';
  if (!o.dir || !o.out || !o.shards) return (console.error(usage), EXIT.usage);
  const count = Number(o.shards);
  if (!Number.isInteger(count) || count < 1) return (console.error(`--shards must be a whole number of at least 1, not "${o.shards}".`), EXIT.usage);
  const missing: string[] = [];
  const dones: Array<{ rows: number }> = [];
  for (let index = 1; index <= count; index++) {
    const s = { index, count };
    const done = await readFile(path.join(o.dir, shardFileName(s, '.done.json')), 'utf8').then((t) => JSON.parse(t) as { rows: number }, () => undefined);
    if (done) {
      dones.push(done);
      continue;
    }
    const failed = await readFile(path.join(o.dir, shardFileName(s, '.failed.json')), 'utf8').then((t) => JSON.parse(t) as { error: string }, () => undefined);
    missing.push(failed ? `${index} (failed: ${failed.error})` : `${index} (no result in ${o.dir})`);
  }
  if (missing.length > 0) {
    console.error(`Not merged: ${missing.length} of ${count} shard(s) have no complete result: shard ${missing.join('; shard ')}. Re-run those shards, then merge again; ${o.out} was not written.`);
    return EXIT.nodeFailed;
  }
  // Byte buffers streamed into a temp file renamed over --out: the merged file may be larger than the
  // biggest string V8 can hold (10 million scored rows are ~0.64 GB).
  const CRLF = Buffer.from('\r\n');
  const tmp = tempFileFor(o.out);
  const h = await open(tmp, 'wx');
  let header: Buffer | undefined;
  let complete = false;
  try {
    for (let index = 1; index <= count; index++) {
      const bytes = await readFile(path.join(o.dir, shardFileName({ index, count }, '.csv')));
      if (bytes.length === 0 && dones[index - 1].rows === 0) continue;
      const nl = bytes.indexOf(CRLF);
      const first = nl < 0 ? bytes : bytes.subarray(0, nl);
      if (header === undefined) {
        header = Buffer.from(first);
        await h.write(bytes);
      } else if (!first.equals(header)) {
        console.error(`Not merged: shard ${index} has other columns than the first (${first.toString('utf8')} vs ${header.toString('utf8')}); score every shard with the same model and inputs of the same columns.`);
        return EXIT.nodeFailed;
      } else if (nl >= 0) await h.write(bytes.subarray(nl + 2));
    }
    await h.sync();
    complete = true;
  } finally {
    await h.close();
    if (!complete) await rm(tmp, { force: true });
  }
  await rename(tmp, o.out);
  const rows = dones.reduce((a, d) => a + d.rows, 0);
  console.log(`Merged ${count} shard(s), ${rows} rows: ${path.resolve(o.out)}`);
  return EXIT.ok;
}
