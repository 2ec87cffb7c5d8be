/**
 * Source records as flat rows: nested objects become dotted field names ("rate.value"), lists of plain
 * values are joined with "; " (Workday multi-instance fields), lists of objects give each field's values
 * joined the same way. A record that is not an object is refused by the caller with its position.
 */
import type { FlatRecord } from './types.ts';

/** A field's value, never one inherited from Object.prototype ("constructor", "toString" …). */
export function fieldOf(r: FlatRecord, field: string): FlatRecord[string] | undefined {
  return Object.hasOwn(r, field) ? r[field] : undefined;
}

const MAX_DEPTH = 8;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function flattenRecord(value: Record<string, unknown>): FlatRecord {
  // A plain object (fast properties); "__proto__" keys are skipped, reads go through fieldOf.
  const out: FlatRecord = {};
  walk(value, '', out, 0);
  return out;
}

function walk(value: Record<string, unknown>, prefix: string, out: FlatRecord, depth: number): void {
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue;
    const name = prefix ? `${prefix}.${key}` : key;
    put(value[key], name, out, depth);
  }
}

function put(v: unknown, name: string, out: FlatRecord, depth: number): void {
  if (v === null || v === undefined) out[name] = null;
  else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = v;
  else if (Array.isArray(v)) {
    if (v.every((x) => !isPlainObject(x) && !Array.isArray(x))) {
      out[name] = v.length === 0 ? null : v.map((x) => (x === null || x === undefined ? '' : String(x))).join('; ');
    } else {
      // A list of objects: each nested field collects the values of every item.
      const parts = new Map<string, string[]>();
      for (const item of v) {
        if (!isPlainObject(item)) continue;
        const flat: FlatRecord = {};
        if (depth < MAX_DEPTH) walk(item, name, flat, depth + 1);
        for (const [k, x] of Object.entries(flat)) {
          const list = parts.get(k) ?? [];
          list.push(x === null ? '' : String(x));
          parts.set(k, list);
        }
      }
      for (const [k, list] of parts) out[k] = list.join('; ');
    }
  } else if (isPlainObject(v)) {
    if (depth < MAX_DEPTH) walk(v, name, out, depth + 1);
    else out[name] = JSON.stringify(v);
  } else out[name] = String(v);
}
