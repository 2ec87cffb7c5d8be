/** A data problem found while importing: shown to the user instead of silently dropping data. */
export interface ImportProblem {
  /** Data row number counting from 1 (the first row after the header); 0 for the header or the file as a whole. */
  row: number;
  /** Line of a text file (1-based, the header is usually line 1) where the row starts; absent for Excel. */
  line?: number;
  column?: string;
  /** The offending text (shortened when long). */
  value?: string;
  message: string;
}

/** Keeps the first `cap` problems and counts all of them. */
export class ProblemLog {
  readonly items: ImportProblem[] = [];
  total = 0;
  constructor(readonly cap = 1000) {}

  add(p: ImportProblem): void {
    this.total++;
    if (this.items.length < this.cap) this.items.push(p);
  }

  /** Counts a problem without keeping it (when a caller keeps its own sample). */
  count(n: number): void {
    this.total += n;
  }

  sorted(): ImportProblem[] {
    return this.items.slice().sort((a, b) => a.row - b.row);
  }
}

/** Cell text short enough for a problem list; `length` is the full length when `value` is already cut. */
export function shorten(value: string, max = 80, length = value.length): string {
  return length <= max ? value : `${value.slice(0, max)}… (${length.toLocaleString('en-US')} characters)`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** A file that cannot be read at all (empty, not a table, unsupported format); the message says what to do. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
