/**
 * The score log: one JSON line per scored row, `{ at, model: { name?, version?, fingerprint }, id, score,
 * predicted, source }`, appended to a JSONL file so that later outcomes can be joined back by id
 * (`crispflow monitor --outcomes`). It holds no feature values and no secrets: only the row id the caller
 * chose, the score and the model that gave it.
 *
 * Appends are whole lines written by one `appendFile` call on a file opened with O_APPEND: concurrent
 * writers (several serve workers, a batch job) never interleave within a line, and a crash leaves at most
 * one partial last line, which readers report and skip.
 */
import { appendFile, readFile } from 'node:fs/promises';

export interface ScoreLogEntry {
  at: string;
  model: { name?: string; version?: number; fingerprint: string };
  id: string | null;
  score: number;
  predicted: 0 | 1;
  source: 'serve' | 'score';
}

/** Appends the entries as one write (a batch of lines). */
export async function appendScoreLog(file: string, entries: ScoreLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await appendFile(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n', { encoding: 'utf8', mode: 0o600, flag: 'a' });
}

/** The entries of a log; lines that do not parse (a crash mid-line) are counted, not returned. */
export async function readScoreLog(file: string): Promise<{ entries: ScoreLogEntry[]; badLines: number }> {
  const text = await readFile(file, 'utf8');
  const entries: ScoreLogEntry[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as ScoreLogEntry;
      if (typeof e.score === 'number' && e.model && typeof e.model.fingerprint === 'string') entries.push(e);
      else badLines++;
    } catch {
      badLines++;
    }
  }
  return { entries, badLines };
}
