/**
 * `crispflow serve --score-log <file.jsonl>`: after a successful /score, each row's score is logged with
 * the model and the row's id (the field named with --id, else "id", "employee_id" or the first field
 * ending in "_id"; null when the row has none). Runs in the scoring worker that scored the request; the
 * append is one write per request (monitoring/score-log.ts), and a failed append is reported on stderr
 * without failing the answer already computed.
 */
import type { Model } from '../core/ports.ts';
import { appendScoreLog } from './score-log.ts';

export interface ServeScoreLog {
  file: string;
  idField?: string;
  /** The registry name and version when known (serve --model <registry version folder>/model.json). */
  name?: string;
  version?: number;
}

function rowId(row: unknown, idField?: string): string | null {
  if (!row || typeof row !== 'object') return null;
  const r = row as Record<string, unknown>;
  const key = idField ?? ['id', 'employee_id'].find((k) => Object.hasOwn(r, k)) ?? Object.keys(r).find((k) => /_id$/i.test(k));
  const v = key !== undefined && Object.hasOwn(r, key) ? r[key] : undefined;
  return v === undefined || v === null || v === '' ? null : String(v);
}

/** Logs the rows of one answered request; `requestBody` is the request as sent, `answer` the 200 body. */
export async function logServedScores(log: ServeScoreLog, model: Model, requestBody: Uint8Array, answer: unknown): Promise<void> {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(requestBody)) as unknown;
    const rows = (Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown[] }).rows) ?? [];
    const results = (answer as { results?: Array<{ score: number; predicted: 0 | 1 }> }).results ?? [];
    const at = new Date().toISOString();
    await appendScoreLog(
      log.file,
      results.map((r, i) => ({
        at,
        model: { ...(log.name ? { name: log.name, version: log.version } : {}), fingerprint: model.fingerprint },
        id: rowId(rows[i], log.idField),
        score: r.score,
        predicted: r.predicted,
        source: 'serve' as const,
      })),
    );
  } catch (e) {
    console.error(`crispflow serve: could not append to the score log ${log.file}: ${(e as Error).message}`);
  }
}
