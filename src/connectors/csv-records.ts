/**
 * Records out of a CSV answer, streamed: papaparse reads the body as it arrives (quoted line breaks are
 * safe) and the records are handed on in batches; the parser is paused while a batch is being written.
 * Cell values stay text: types are checked by the field mapping and inferred by src/io on import.
 */
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { ConnectorError, type FlatRecord, type RecordBatch } from './types.ts';
import { TransientError } from './http-client.ts';

export async function* streamCsvRecords(body: ReadableStream<Uint8Array>, connection: string, what: string): AsyncGenerator<RecordBatch> {
  const node = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  const queue: FlatRecord[][] = [];
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let parser: Papa.Parser | undefined;
  let header: string[] | undefined;
  let row = 0;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  node.on('error', (e) => {
    failure = e instanceof TransientError || e instanceof ConnectorError ? e : new TransientError(e.message);
    notify();
  });
  Papa.parse(node as unknown as File, {
    header: false,
    skipEmptyLines: 'greedy',
    chunk(results: Papa.ParseResult<string[]>, p: Papa.Parser) {
      parser = p;
      const batch: FlatRecord[] = [];
      for (const rec of results.data) {
        if (!header) {
          header = dedupe(rec.map((h) => h.trim()));
          continue;
        }
        row++;
        const r: FlatRecord = {};
        for (let j = 0; j < header.length; j++) if (header[j] !== '__proto__') r[header[j]] = j < rec.length ? rec[j] : null;
        batch.push(r);
      }
      const quoteErr = results.errors.find((e) => e.code === 'MissingQuotes');
      if (quoteErr) {
        failure = new ConnectorError(`Connection "${connection}": ${what} is malformed CSV: a quote opened near record ${(row + 1).toLocaleString('en-US')} is never closed. Nothing was saved.`, 'malformed');
      }
      if (batch.length) queue.push(batch);
      p.pause();
      notify();
    },
    complete() {
      done = true;
      notify();
    },
    error(e: Error) {
      failure = new TransientError(e.message);
      notify();
    },
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const batch = queue.shift();
      if (batch) {
        yield { records: batch, page: 1, ...(header && { fields: header }) };
        continue;
      }
      if (done) break;
      await new Promise<void>((r) => {
        wake = r;
        parser?.resume();
      });
    }
    if (failure) throw failure;
    if (!header) throw new ConnectorError(`Connection "${connection}": ${what} is empty (no header line).`, 'malformed');
  } finally {
    if (!done) {
      parser?.abort();
      node.destroy();
    }
  }
}

/** Repeated header names get _2, _3 … so no column is lost. */
function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n, j) => {
    const base = n || `col${j + 1}`;
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
}
