/** Messages between the page and the dataset import worker. */
import type { Table } from '../../core/table/table.ts';
import type { UploadedDataset } from './dataset-record.ts';

/**
 * The page hands the worker a File (or just a name) and never touches the bytes itself: reading,
 * fingerprinting, parsing and the IndexedDB reads and writes of a large file each take tens of
 * milliseconds, which would freeze the page (IndexedDB copies the value on the calling thread).
 */
export type ImportRequest =
  /** An upload: read the file, parse it, store bytes and metadata in IndexedDB. */
  | { mode: 'store'; name: string; file: Blob }
  /**
   * A studio workspace file: fetch it from `url` (the studio API, with the session `token`), then as an
   * upload. The page never holds the response (receiving a large body and handing it on costs its thread).
   */
  | { mode: 'copy'; name: string; url: string; token?: string }
  /** A preview: read a stored dataset's bytes from IndexedDB and send the parsed table back. */
  | { mode: 'table'; name: string };

export type ImportPhase = 'reading' | 'parsing' | 'saving';

export type ImportReply =
  /** `fraction` is 0..1 within `phase`. */
  | { kind: 'progress'; phase: ImportPhase; fraction: number; note?: string }
  | { kind: 'done'; record?: UploadedDataset; table?: Table }
  | { kind: 'error'; message: string };
