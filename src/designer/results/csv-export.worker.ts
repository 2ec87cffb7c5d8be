/// <reference lib="webworker" />
/** Converts a table to a CSV Blob off the main thread (big result tables). */
import type { Table } from '../../core/table/table.ts';
import { tableToCsv } from '../../io/csv-export.ts';

self.onmessage = (e: MessageEvent<{ table: Table }>) => {
  try {
    const blob = new Blob([tableToCsv(e.data.table)], { type: 'text/csv;charset=utf-8' });
    self.postMessage({ blob });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
