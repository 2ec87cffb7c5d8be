/**
 * Reading an export-table result (kind "csv-export") in the designer: its bytes, and the first lines for
 * the preview, decoded from the start of the file only.
 */
import type { Document } from '../../core/ports.ts';
import { isShared } from '../../core/table/transfer.ts';

/** How much of the file the preview decodes: enough for its first lines, never the whole file. */
const PREVIEW_BYTES = 16 * 1024;
const PREVIEW_LINES = 12;

/** The file's bytes: export-table gives UTF-8 bytes (data.csv); other producers may give text. */
export function csvExportBytes(doc: Document): Uint8Array | undefined {
  const csv = doc.data?.csv;
  if (csv instanceof Uint8Array) return csv;
  if (typeof csv === 'string') return new TextEncoder().encode(csv);
  return undefined;
}

/** The first lines of the file (a partial last line left out). */
export function csvPreview(bytes: Uint8Array): string {
  const head = bytes.subarray(0, PREVIEW_BYTES);
  // Browsers' TextDecoder refuses views on shared memory.
  const text = new TextDecoder().decode(isShared(head) ? head.slice() : head);
  const lines = text.split(/\r?\n/);
  if (bytes.length > PREVIEW_BYTES) lines.pop();
  else if (lines.at(-1) === '') lines.pop();
  return lines.slice(0, PREVIEW_LINES).join('\n');
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
