/**
 * Canonical JSON for hashing audit entries: object keys sorted, `undefined` members left out, no
 * whitespace. The same value always gives the same text, and an entry read back from a JSON Lines
 * file gives the text it was hashed from (so `toJsonSafe` first turns what JSON cannot carry —
 * NaN, Infinity, typed arrays, Dates — into what it can).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type JsonObject = { [k: string]: JsonValue };

/** A JSON-safe copy: non-finite numbers → null, typed arrays → arrays, Dates → ISO strings, functions dropped. */
export function toJsonSafe(value: unknown, seen = new Set<object>()): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) throw new Error('An audit entry cannot contain a value that refers to itself.');
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  seen.add(obj);
  try {
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      return Array.from(obj as unknown as ArrayLike<number>, (x) => toJsonSafe(x, seen));
    }
    if (Array.isArray(obj)) return obj.map((x) => toJsonSafe(x, seen));
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out[k] = toJsonSafe(v, seen);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** Canonical text of a JSON-safe value (call `toJsonSafe` first for anything else). */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}
