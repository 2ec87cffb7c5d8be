/**
 * Protected groups and binary outcomes as small integer codes, the form every fairness kernel counts.
 *
 * One protected column gives one group per value; several columns give their intersections
 * ("Female & Black"), which is where bias often hides (Crenshaw; NYC LL 144 asks for them too).
 */
import { NodeError } from '../../core/errors.ts';
import { type Column, type Table } from '../../core/table/table.ts';

export interface GroupEncoding {
  /** Per row: index into `labels`, or -1 when any protected value is missing. */
  codes: Int32Array;
  labels: string[];
  /** Per group, the value of each protected column (same order as `columns`). */
  parts: string[][];
  columns: string[];
  /** Rows with a missing protected value (left out of every group). */
  missing: number;
}

/** Protected columns with more distinct values than this are almost surely continuous (age in years, salary). */
const MAX_GROUP_VALUES = 100;

function findProtected(table: Table, name: string): Column {
  const c = table.columns.find((x) => x.name === name);
  if (!c) {
    throw new NodeError(
      `Protected column "${name}" is not in the input (columns: ${table.columns.map((x) => x.name).join(', ') || 'none'}). ` +
        'Choose a column that exists, or make sure it passes through the upstream nodes.',
      { column: name, field: 'protected' },
    );
  }
  return c;
}

function numberLabel(c: Column, v: number): string {
  if (c.type === 'boolean') return v !== 0 ? 'true' : 'false';
  if (c.type === 'date') return new Date(v).toISOString().slice(0, 10);
  return String(v);
}

/** One column as codes 0..k-1 (-1 missing) plus value labels, in a stable order (sorted values). */
export function encodeColumn(table: Table, name: string): { codes: Int32Array; labels: string[] } {
  const c = findProtected(table, name);
  const n = table.nRows;
  const codes = new Int32Array(n);
  if (c.type === 'category') {
    // Compact to the categories that occur so filtered dictionaries do not yield empty groups.
    const seen = new Int32Array(c.categories.length).fill(-1);
    for (let i = 0; i < n; i++) if (c.codes[i] >= 0) seen[c.codes[i]] = 0;
    const labels: string[] = [];
    for (let k = 0; k < c.categories.length; k++) if (seen[k] === 0) seen[k] = labels.push(c.categories[k]) - 1;
    for (let i = 0; i < n; i++) codes[i] = c.codes[i] < 0 ? -1 : seen[c.codes[i]];
    return { codes, labels };
  }
  const index = new Map<string | number, number>();
  const raw: Array<string | number> = [];
  for (let i = 0; i < n; i++) {
    const v = c.type === 'text' ? c.values[i] : Number.isNaN(c.values[i]) ? null : c.values[i];
    if (v === null || v === '') {
      codes[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = raw.length;
      raw.push(v);
      index.set(v, k);
      if (raw.length > MAX_GROUP_VALUES) {
        throw new NodeError(
          `Protected column "${name}" has more than ${MAX_GROUP_VALUES} different values, so it cannot define groups. ` +
            'Bin it first (e.g. age bands) or choose a categorical column.',
          { column: name, field: 'protected' },
        );
      }
    }
    codes[i] = k;
  }
  // Sort the values so group order does not depend on row order.
  const order = raw.map((_, k) => k).sort((a, b) => (raw[a] < raw[b] ? -1 : raw[a] > raw[b] ? 1 : 0));
  const remap = new Int32Array(raw.length);
  order.forEach((k, pos) => (remap[k] = pos));
  for (let i = 0; i < n; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
  const labels = order.map((k) => (typeof raw[k] === 'number' ? numberLabel(c, raw[k] as number) : (raw[k] as string)));
  return { codes, labels };
}

/** Groups of one or more protected columns (their intersections), only combinations that occur. */
export function encodeGroups(table: Table, columns: string[]): GroupEncoding {
  if (columns.length === 0) {
    throw new NodeError('Choose at least one protected column (e.g. gender).', { field: 'protected' });
  }
  const n = table.nRows;
  const encoded = columns.map((name) => encodeColumn(table, name));
  // Mixed-radix key over the columns, then compacted to the keys that occur (in key order).
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let j = 0; j < encoded.length; j++) {
      const code = encoded[j].codes[i];
      if (code < 0) {
        k = -1;
        break;
      }
      k = k * encoded[j].labels.length + code;
    }
    key[i] = k;
  }
  const distinct = [...new Set(key)].filter((k) => k >= 0).sort((a, b) => a - b);
  const slot = new Map(distinct.map((k, g) => [k, g]));
  const codes = new Int32Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    if (key[i] < 0) {
      codes[i] = -1;
      missing++;
    } else codes[i] = slot.get(key[i])!;
  }
  const parts = distinct.map((k) => {
    const p: string[] = new Array(encoded.length);
    for (let j = encoded.length - 1; j >= 0; j--) {
      const radix = encoded[j].labels.length;
      p[j] = encoded[j].labels[k % radix];
      k = Math.floor(k / radix);
    }
    return p;
  });
  return { codes, labels: parts.map((p) => p.join(' & ')), parts, columns: columns.slice(), missing };
}

/**
 * Finds the group a user named: exact label ("Female & Black"), or the values separated by "&" or ","
 * with any spacing. Returns -1 for ''.
 */
export function findGroup(enc: GroupEncoding, name: string, field = 'privileged'): number {
  const wanted = name.trim();
  if (wanted === '') return -1;
  const norm = (s: string) =>
    s
      .split(/[&,]/)
      .map((x) => x.trim())
      .join('\u0001');
  const w = norm(wanted);
  const g = enc.labels.findIndex((l) => l === wanted || norm(l) === w);
  if (g < 0) {
    throw new NodeError(
      `The ${field} group "${wanted}" does not occur in ${enc.columns.join(' × ')}. ` +
        `Groups present: ${enc.labels.slice(0, 20).join(', ')}${enc.labels.length > 20 ? ', …' : ''}.` +
        (enc.columns.length > 1 ? ' For several protected columns write the values joined by "&", e.g. "Male & White".' : ''),
      { field },
    );
  }
  return g;
}

/**
 * A binary outcome per row from a column: 1 where the value equals `favorable`, 0 otherwise,
 * -1 where missing. Numbers compare numerically ("1" matches 1.0), categories and text by string.
 */
export function binaryOutcome(table: Table, column: string, favorable: string, field = 'label'): Int8Array {
  const c = table.columns.find((x) => x.name === column);
  if (!c) {
    throw new NodeError(
      `Column "${column}" is not in the input (columns: ${table.columns.map((x) => x.name).join(', ') || 'none'}).`,
      { column, field },
    );
  }
  const n = table.nRows;
  const out = new Int8Array(n);
  const fav = favorable.trim();
  if (c.type === 'category') {
    const k = c.categories.indexOf(fav);
    if (k < 0) {
      throw new NodeError(
        `The favourable value "${fav}" does not occur in column "${column}" (values: ${c.categories.slice(0, 20).join(', ')}). ` +
          'Set the favourable value to one of them.',
        { column, field: 'favorable' },
      );
    }
    for (let i = 0; i < n; i++) out[i] = c.codes[i] < 0 ? -1 : c.codes[i] === k ? 1 : 0;
    return out;
  }
  if (c.type === 'text') {
    for (let i = 0; i < n; i++) out[i] = c.values[i] == null ? -1 : c.values[i]!.trim() === fav ? 1 : 0;
    return out;
  }
  const target = c.type === 'boolean' ? (/^(true|yes|1)$/i.test(fav) ? 1 : 0) : Number(fav);
  if (Number.isNaN(target)) {
    throw new NodeError(`Column "${column}" is numeric, so the favourable value must be a number, not "${fav}".`, {
      column,
      field: 'favorable',
    });
  }
  for (let i = 0; i < n; i++) {
    const v = c.values[i];
    out[i] = v !== v ? -1 : v === target ? 1 : 0;
  }
  return out;
}
