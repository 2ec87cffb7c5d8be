/** Messages between the page and the dataset import worker. */
import type { Table } from '../../core/table/table.ts';
import type { UploadedDataset } from './dataset-record.ts';

export interface ImportRequest {
  /** 'record': metadata for the store; 'table': the parsed table too (previews). */
  mode: 'record' | 'table';
  name: string;
  bytes: Uint8Array;
}

export type ImportReply =
  | { kind: 'progress'; fraction: number; note?: string }
  | { kind: 'done'; record: UploadedDataset; bytes: Uint8Array; table?: Table }
  | { kind: 'error'; message: string };
