/// <reference lib="webworker" />
/**
 * Parses an uploaded file off the main thread: fingerprint, import (CSV or Excel, with the problem
 * report) and the stored metadata. The bytes travel back as a transfer, and so do a preview table's
 * typed arrays, so nothing large is copied.
 */
import { hashBytes } from '../../core/hash.ts';
import type { Table } from '../../core/table/table.ts';
import { importTable } from '../../io/import.ts';
import { datasetRecord } from './dataset-record.ts';
import type { ImportReply, ImportRequest } from './import-protocol.ts';

const post = (msg: ImportReply, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

function tableTransfers(t: Table): Transferable[] {
  const out: ArrayBuffer[] = [];
  for (const c of t.columns) {
    if (c.type === 'category') out.push(c.codes.buffer as ArrayBuffer);
    else if (c.type !== 'text') out.push(c.values.buffer as ArrayBuffer);
  }
  if (t.weights) out.push(t.weights.buffer as ArrayBuffer);
  // typed arrays may share a buffer; each can be transferred once
  return [...new Set(out)];
}

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const { bytes, name, mode } = e.data;
  try {
    let last = 0;
    const fingerprint = hashBytes(bytes);
    const result = await importTable(bytes, {
      fileName: name,
      onProgress: (fraction, note) => {
        const now = performance.now();
        if (now - last < 80 && fraction < 1) return;
        last = now;
        post({ kind: 'progress', fraction, note });
      },
    });
    const record = datasetRecord({ name, size: bytes.byteLength, fingerprint, result });
    if (mode === 'table') {
      post({ kind: 'done', record, bytes, table: result.table }, [bytes.buffer as ArrayBuffer, ...tableTransfers(result.table)]);
    } else {
      post({ kind: 'done', record, bytes }, [bytes.buffer as ArrayBuffer]);
    }
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
