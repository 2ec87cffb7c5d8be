/** The audit log as JSON Lines (one entry per line, exactly what was hashed) and as CSV (for spreadsheets). */
import { csvCell } from '../../core/escape.ts';
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

/** An audit value as one CSV cell: objects as canonical JSON, the rest through the project's one CSV escaper. */
function auditCell(v: unknown): string {
  return csvCell(v !== null && typeof v === 'object' ? canonicalJson(v as JsonValue) : v);
}

/** One row per entry; `data` as canonical JSON plus a few common fields lifted into their own columns. */
export function toCsv(entries: AuditEntry[]): string {
  const header = ['seq', 'at', 'kind', 'actor', 'item_id', 'decision', 'final_decision', 'reason', 'pipeline', 'data', 'prev_hash', 'hash'];
  const rows = entries.map((e) => {
    const d = e.data as Record<string, unknown>;
    return [e.seq, e.at, e.kind, e.actor ?? '', d.itemId ?? '', d.decision ?? '', d.finalDecision ?? '', d.reason ?? '', d.pipeline ?? '', e.data, e.prevHash, e.hash]
      .map(auditCell)
      .join(',');
  });
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
