/**
 * Bounds on a pipeline document, checked before anything else reads it: its size, how deeply its JSON
 * nests, and no "__proto__" keys. Everything downstream (validation, the compiler, cache keys, the audit
 * log's canonical hashing, which recurses) may then assume a small, shallow, plain tree.
 */

/** Larger than any real pipeline (the biggest template is ~13 KB; 300 nodes are ~200 KB). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** Objects and lists inside each other; a document itself uses 5 (document → nodes → node → params → value). */
export const MAX_NESTING_DEPTH = 64;

export interface LimitViolation {
  /** A sentence fragment for CF012 ("This is not a valid pipeline file: …"). */
  detail: string;
  /** Where, as a document path ("metadata.extra.a.a…"); "(document)" for the whole file. */
  field: string;
  /** The same place as keys, to find the node it lies in. */
  path?: ReadonlyArray<string | number>;
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/** Size of the file's text (UTF-8 bytes, counted without encoding it). */
export function checkDocumentText(text: string): LimitViolation | undefined {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: only near the limit is the exact count needed.
  if (text.length * 3 <= MAX_DOCUMENT_BYTES) return undefined;
  const bytes = utf8Length(text);
  if (bytes <= MAX_DOCUMENT_BYTES) return undefined;
  return { detail: tooLarge(bytes), field: '(document)' };
}

function tooLarge(bytes: number): string {
  return `it is ${formatBytes(bytes)}, more than the ${formatBytes(MAX_DOCUMENT_BYTES)} a pipeline may have. Pipelines hold settings, not data: keep datasets in their own files`;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++; // the low surrogate of the pair
    } else n += 3;
  }
  return n;
}

/** "nodes[3].params.C" from a path; long paths keep their head and tail ("metadata.a.a.a.a.a…a.a"). */
function formatLongPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return '(document)';
  const render = (keys: ReadonlyArray<string | number>) =>
    keys
      .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${k.length > 40 ? `${k.slice(0, 40)}…` : k}`))
      .join('');
  return path.length <= 10 ? render(path) : `${render(path.slice(0, 6))}…${render(path.slice(-2))}`;
}

/**
 * Walks a parsed (or in-memory) document without recursion, so no nesting can overflow the stack:
 * depth, estimated JSON size and "__proto__" keys. Stops at the first violation, which it names by path.
 * Cycles (possible in objects handed in by code) show up as too deep.
 */
export function checkDocumentValue(root: unknown): LimitViolation | undefined {
  let bytes = 0;
  /** Counts a primitive's JSON size; true for objects and lists, which go on the stack. */
  const isContainer = (value: unknown): value is object => {
    if (typeof value === 'object' && value !== null) return true;
    bytes += typeof value === 'string' ? value.length + 2 : 6;
    return false;
  };
  const stack: Array<{ value: object; path: Array<string | number> }> = [];
  if (isContainer(root)) stack.push({ value: root, path: [] });
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (path.length >= MAX_NESTING_DEPTH) {
      const where = formatLongPath(path);
      return {
        detail: `${where} nests objects and lists more than ${MAX_NESTING_DEPTH} levels deep. Flatten that value`,
        field: where,
        path,
      };
    }
    if (Array.isArray(value)) {
      bytes += 2 + value.length;
      for (let i = value.length - 1; i >= 0; i--) if (isContainer(value[i])) stack.push({ value: value[i] as object, path: [...path, i] });
    } else {
      bytes += 2;
      for (const key of Object.keys(value)) {
        if (key === '__proto__') {
          const where = formatLongPath(path);
          return {
            detail: `${where === '(document)' ? 'the document' : where} has a key "__proto__", which JavaScript treats as an object's prototype, not as data. Remove or rename it`,
            field: where,
            path,
          };
        }
        bytes += key.length + 4;
        const child = (value as Record<string, unknown>)[key];
        if (isContainer(child)) stack.push({ value: child, path: [...path, key] });
      }
    }
    if (bytes > MAX_DOCUMENT_BYTES) return { detail: tooLarge(bytes), field: '(document)' };
  }
  return bytes > MAX_DOCUMENT_BYTES ? { detail: tooLarge(bytes), field: '(document)' } : undefined;
}
