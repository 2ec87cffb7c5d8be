/**
 * Streams the elements of one array inside a JSON document (`{"Report_Entry": [ … ]}`, `[ … ]`,
 * `{"data": {"items": [ … ]}}`) as the text arrives: only one element's text is held at a time, each parsed
 * with JSON.parse, so a 100,000-record answer never becomes one string. The rest of the document is scanned
 * for structure only (strings, nesting, keys on the way to the array) and must be well formed.
 */

export class MalformedJsonError extends Error {
  constructor(
    message: string,
    /** 0-based index of the element being read, when inside the array. */
    readonly element?: number,
  ) {
    super(message);
  }
}

interface Frame {
  kind: 123 | 91; // { or [
  key?: string;
  expectKey: boolean;
}

const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;
const STRUCTURE = /["{}[\],]/g;

/** Is the character at `end` preceded by an odd number of backslashes (counted back to `from`)? */
function oddBackslashRun(s: string, end: number, from: number): boolean {
  let k = end - 1;
  while (k >= from && s.charCodeAt(k) === 92) k--;
  return (end - 1 - k) % 2 === 1;
}

export interface JsonArrayTarget {
  /** Keys from the root to the array; [] for a root array. */
  path: readonly string[];
  onItem: (value: unknown, index: number) => void;
}

export class JsonArrayStream {
  private frames: Frame[] = [];
  private inString = false;
  private escape = false;
  private keyBuf: string[] | null = null;
  /** The target being collected, or -1. */
  private collecting = -1;
  private depth = 0;
  private pieces: string[] = [];
  private pieceChars = 0;
  private count = 0;
  private readonly found: boolean[];
  private consumed = 0;
  private head = '';
  private rootSeen = false;
  private rootDone = false;

  constructor(private readonly targets: readonly JsonArrayTarget[]) {
    this.found = targets.map(() => false);
  }

  /** How many elements of the array being collected (or last collected) were emitted. */
  get elements(): number {
    return this.count;
  }

  /** Was the array at target `i` found (and closed)? */
  wasFound(i = 0): boolean {
    return this.found[i];
  }

  /** The first characters of the document, for messages about an answer that is not the expected JSON. */
  get start(): string {
    return this.head;
  }

  write(chunk: string): void {
    if (this.head.length < 120) this.head += chunk.slice(0, 120 - this.head.length);
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.collecting >= 0) i = this.collect(chunk, i);
      else i = this.scan(chunk, i);
    }
    this.consumed += n;
  }

  end(): void {
    if (this.collecting >= 0) {
      throw new MalformedJsonError(`the answer ended in the middle of the array (after ${this.count.toLocaleString('en-US')} complete records): it was cut off`, this.count);
    }
    if (this.inString || this.frames.length > 0) throw new MalformedJsonError('the answer ended before the JSON document was complete: it was cut off');
    if (!this.rootSeen) throw new MalformedJsonError(`the answer is not JSON (it starts with "${this.head.slice(0, 60).replace(/\s+/g, ' ')}")`);
  }

  private fail(message: string): never {
    throw new MalformedJsonError(`${message} at character ${this.consumed.toLocaleString('en-US')} of the answer`);
  }

  private targetHere(): number {
    const f = this.frames;
    for (let t = 0; t < this.targets.length; t++) {
      const path = this.targets[t].path;
      if (f.length !== path.length) continue;
      let ok = true;
      for (let k = 0; k < f.length && ok; k++) ok = f[k].kind === 123 && f[k].key === path[k] && (k < f.length - 1 || !f[k].expectKey);
      if (ok) return t;
    }
    return -1;
  }

  /** Structure outside the collected array. */
  private scan(s: string, i: number): number {
    const n = s.length;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          if (this.keyBuf) this.keyBuf.push(s[i]);
        } else if (c === 92) {
          this.escape = true;
          if (this.keyBuf) this.keyBuf.push('\\');
        } else if (c === 34) {
          this.inString = false;
          if (this.keyBuf) {
            const top = this.frames[this.frames.length - 1];
            try {
              top.key = JSON.parse(`"${this.keyBuf.join('')}"`) as string;
            } catch {
              this.fail('a key is not valid JSON text');
            }
            this.keyBuf = null;
          }
        } else if (this.keyBuf) this.keyBuf.push(s[i]);
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.rootDone) this.fail('there is more text after the JSON document');
      const top = this.frames[this.frames.length - 1];
      switch (c) {
        case 34:
          this.inString = true;
          this.keyBuf = top && top.kind === 123 && top.expectKey ? [] : null;
          if (!top) this.rootSeen = true;
          break;
        case 123:
          this.rootSeen = true;
          this.frames.push({ kind: 123, expectKey: true });
          break;
        case 91: {
          this.rootSeen = true;
          const t = this.targetHere();
          if (t >= 0) {
            this.collecting = t;
            this.depth = 0;
            this.count = 0;
            this.pieces = [];
            this.pieceChars = 0;
            return i + 1;
          }
          this.frames.push({ kind: 91, expectKey: false });
          break;
        }
        case 125:
        case 93: {
          if (!top || top.kind !== (c === 125 ? 123 : 91)) this.fail(`unexpected "${s[i]}"`);
          this.frames.pop();
          if (this.frames.length === 0) this.rootDone = true;
          break;
        }
        case 58:
          if (!top || top.kind !== 123) this.fail('unexpected ":"');
          top.expectKey = false;
          break;
        case 44:
          if (!top) this.fail('unexpected ","');
          if (top.kind === 123) {
            top.expectKey = true;
            top.key = undefined;
          }
          break;
        default:
          // Scalars (numbers, true, false, null) outside the array: only their characters are checked.
          if (!/[-+0-9.eEtruflsn]/.test(s[i])) this.fail(`unexpected "${s[i]}"`);
          if (!top) this.rootSeen = true;
      }
    }
    return i;
  }

  /** Elements of the target array; returns where the array ended (or the chunk's end). */
  private collect(s: string, i: number): number {
    const n = s.length;
    let start = i;
    let depth = this.depth;
    let inString = this.inString;
    let escape = this.escape;
    for (; i < n; i++) {
      if (inString) {
        if (escape) {
          escape = false;
          continue;
        }
        // Jump to the closing quote (native search; strings are most of the text): a quote preceded by an
        // odd run of backslashes is escaped, so search on after it.
        let q = s.indexOf('"', i);
        while (q >= 0 && oddBackslashRun(s, q, i)) q = s.indexOf('"', q + 1);
        if (q < 0) {
          // The string goes on in the next chunk; a backslash at the very end escapes its first character.
          escape = oddBackslashRun(s, n, i);
          i = n;
          break;
        }
        i = q;
        inString = false;
        continue;
      }
      STRUCTURE.lastIndex = i;
      const m = STRUCTURE.exec(s);
      if (!m) {
        i = n;
        break;
      }
      i = m.index;
      const c = s.charCodeAt(i);
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (depth > 0) depth--;
        else {
          // The array's own "]": the last element ends here.
          this.emit(s, start, i, true);
          this.inString = false;
          this.escape = false;
          const t = this.collecting;
          this.found[t] = true;
          this.collecting = -1;
          if (c === 125) this.fail('"}" closes an array');
          if (this.frames.length === 0) this.rootDone = true;
          return i + 1;
        }
      } else if (c === 44 && depth === 0) {
        this.emit(s, start, i, false);
        start = i + 1;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escape = escape;
    if (start < n) {
      this.pieces.push(s.slice(start, n));
      this.pieceChars += n - start;
      if (this.pieceChars > MAX_ELEMENT_CHARS) {
        throw new MalformedJsonError(`record ${this.count + 1} is longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} MB of text; the answer is probably not a list of records`, this.count);
      }
    }
    return n;
  }

  private emit(s: string, start: number, end: number, last: boolean): void {
    let text = s.slice(start, end);
    if (this.pieces.length > 0) {
      this.pieces.push(text);
      text = this.pieces.join('');
      this.pieces = [];
      this.pieceChars = 0;
    }
    if (last && this.count === 0 && text.trim() === '') return; // []
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const why = text.trim() === '' ? 'is empty (a stray comma)' : `is not valid JSON (${(e as Error).message.replace(/^JSON\.parse: /, '').slice(0, 120)})`;
      throw new MalformedJsonError(`record ${(this.count + 1).toLocaleString('en-US')} ${why}`, this.count);
    }
    this.targets[this.collecting].onItem(value, this.count);
    this.count++;
  }
}

/** Reads a fetch body as text chunks (UTF-8, split characters handled). */
export async function* textChunks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<string> {
  if (!body) return;
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    const s = decoder.decode(bytes, { stream: true });
    if (s) yield s;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
