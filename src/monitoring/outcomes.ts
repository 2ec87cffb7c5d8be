/**
 * Outcome feedback: what really happened to scored people (who left, who was promoted), joined back to a
 * batch by row id. The outcomes file is a CSV with the columns `id`, `outcome` and `outcome_date`
 * (`id` may instead carry the batch's id column name); `outcome` is 1/0, true/false, yes/no, or the
 * model's positive label (e.g. "Interview") against anything else.
 */
import type { Model } from '../core/ports.ts';
import { cellValue, type Column, type Table } from '../core/table/table.ts';

/** A usage problem with ids or outcomes; the CLI exits 2 with the message. */
export class OutcomesError extends Error {}

const TRUE = new Set(['1', 'true', 'yes', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'n']);

/** 1, 0, or −1 when the value is missing or not an outcome. */
export function outcomeValue(v: unknown, positive: string): 1 | 0 | -1 {
  if (v === null || v === undefined || v === '') return -1;
  const s = String(v).trim();
  if (s === positive) return 1;
  const l = s.toLowerCase();
  if (TRUE.has(l)) return 1;
  if (FALSE.has(l)) return 0;
  return positive !== '1' && positive.toLowerCase() !== 'true' ? 0 : -1;
}

/** The batch's id column: the one named, else the column marked as identifier, else "employee_id"/"id". */
export function idColumn(table: Table, option?: string): Column {
  const byName = (n: string) => table.columns.find((c) => c.name === n);
  if (option) {
    const c = byName(option);
    if (!c) throw new OutcomesError(`The batch has no id column "${option}" (columns: ${table.columns.map((c) => c.name).join(', ')}).`);
    return c;
  }
  const c = table.columns.find((x) => x.role === 'identifier') ?? byName('employee_id') ?? byName('id') ?? table.columns.find((x) => /(^|_)id$/i.test(x.name));
  if (!c) throw new OutcomesError(`The batch has no id column to join outcomes on: name it with --id <column>.`);
  return c;
}

const key = (c: Column, i: number) => {
  const v = cellValue(c, i);
  return v === null ? null : String(v);
};

/** Per batch row, the outcome from `outcomes` (−1 where none is known), and how many rows matched. */
export function joinOutcomes(batch: Table, batchId: Column, outcomes: Table, model: Pick<Model, 'target'>): { actual: Int8Array; matched: number; latestDate: string | null; unknownIds: number } {
  const oid = outcomes.columns.find((c) => c.name === 'id') ?? outcomes.columns.find((c) => c.name === batchId.name);
  const out = outcomes.columns.find((c) => c.name === 'outcome');
  if (!oid || !out) {
    throw new OutcomesError(`The outcomes file needs the columns id (or ${batchId.name}), outcome and outcome_date; it has ${outcomes.columns.map((c) => c.name).join(', ')}.`);
  }
  const date = outcomes.columns.find((c) => c.name === 'outcome_date');
  const byId = new Map<string, 1 | 0 | -1>();
  let latest = -Infinity;
  for (let i = 0; i < outcomes.nRows; i++) {
    const k = key(oid, i);
    if (k === null) continue;
    const v = outcomeValue(cellValue(out, i), model.target.positive);
    if (v < 0) throw new OutcomesError(`Outcomes row ${i + 1} (id ${k}): "${String(cellValue(out, i))}" is not an outcome; write 1/0, true/false, yes/no or "${model.target.positive}".`);
    byId.set(k, v);
    if (date && date.type === 'date' && date.values[i] === date.values[i]) latest = Math.max(latest, date.values[i]);
  }
  const actual = new Int8Array(batch.nRows).fill(-1);
  let matched = 0;
  const seen = new Set<string>();
  for (let i = 0; i < batch.nRows; i++) {
    const k = key(batchId, i);
    if (k === null) continue;
    seen.add(k);
    const v = byId.get(k);
    if (v !== undefined) {
      actual[i] = v;
      matched++;
    }
  }
  let unknownIds = 0;
  for (const k of byId.keys()) if (!seen.has(k)) unknownIds++;
  return { actual, matched, latestDate: Number.isFinite(latest) ? new Date(latest).toISOString().slice(0, 10) : null, unknownIds };
}

/** Outcomes from the batch's own target column (e.g. last quarter's decisions with `promoted`), if it has one. */
export function outcomesFromTarget(batch: Table, model: Pick<Model, 'target'>): Int8Array | undefined {
  const c = batch.columns.find((x) => x.name === model.target.column);
  if (!c) return undefined;
  return Int8Array.from({ length: batch.nRows }, (_, i) => outcomeValue(cellValue(c, i), model.target.positive));
}
