/** The audit log as JSON Lines (one entry per line, exactly what was hashed) and as CSV (for spreadsheets). */
import { canonicalJson, type JsonValue } from './canonical-json.ts';
import type { AuditEntry } from './chain.ts';

export function toJsonLines(entries: AuditEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
}

export interface ParsedLines {
  entries: unknown[];
  /** A line that is not JSON: its 1-based number and the parser's message. */
  error?: { line: number; message: string };
}

/** Parses JSON Lines; blank lines are ignored (but a blank line in the middle still counts for numbering). */
export function parseJsonLines(text: string): ParsedLines {
  const entries: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    try {
      entries.push(JSON.parse(line));
    } catch (e) {
      return { entries, error: { line: i + 1, message: (e as Error).message } };
    }
  }
  return { entries };
}

/** RFC 4180 quoting, plus a leading quote mark for cells a spreadsheet would run as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? canonicalJson(v as JsonValue) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per entry; `data` as canonical JSON plus a few common fields lifted into their own columns. */
export function toCsv(entries: AuditEntry[]): string {
  const header = ['seq', 'at', 'kind', 'actor', 'item_id', 'decision', 'final_decision', 'reason', 'pipeline', 'data', 'prev_hash', 'hash'];
  const rows = entries.map((e) => {
    const d = e.data as Record<string, unknown>;
    return [e.seq, e.at, e.kind, e.actor ?? '', d.itemId ?? '', d.decision ?? '', d.finalDecision ?? '', d.reason ?? '', d.pipeline ?? '', e.data, e.prevHash, e.hash]
      .map(csvCell)
      .join(',');
  });
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
