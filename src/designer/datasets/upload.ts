/**
 * Uploading table files (file picker or a file dropped on the canvas): the import worker reads the
 * bytes, parses them and stores bytes and metadata in IndexedDB. Progress and errors of every upload live in a small
 * store the datasets panel shows. Nothing leaves the machine.
 */
import { createStore } from 'zustand/vanilla';
import type { UploadedDataset } from './dataset-record.ts';
import { uploadName } from './upload-name.ts';
import { datasetMirror } from './dataset-store.ts';
import { storeInWorker } from './import-client.ts';
import type { ImportPhase } from './import-protocol.ts';

export const ACCEPTED_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx'];
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.join(',');

export interface UploadStatus {
  id: number;
  name: string;
  size: number;
  phase: 'reading' | 'parsing' | 'saving' | 'done' | 'error';
  /** 0..1 over the whole upload. */
  fraction: number;
  note?: string;
  error?: string;
  record?: UploadedDataset;
}

/** How long a finished upload stays in the list (errors stay until dismissed). */
const DONE_VISIBLE_MS = 4000;

export const uploadsStore = createStore<{ uploads: UploadStatus[] }>(() => ({ uploads: [] }));
let nextId = 1;

function update(id: number, patch: Partial<UploadStatus>): void {
  uploadsStore.setState((s) => ({ uploads: s.uploads.map((u) => (u.id === id ? { ...u, ...patch } : u)) }));
}

export function dismissUpload(id: number): void {
  uploadsStore.setState((s) => ({ uploads: s.uploads.filter((u) => u.id !== id) }));
}

/** Is this a file the datasets panel imports (by extension)? Pipeline JSON and others are not. */
export function isTableFile(file: { name: string }): boolean {
  const lower = file.name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Imports one file: CSV/TSV/TXT or Excel .xlsx. Resolves with the stored record; rejects with a
 * sentence saying what to do (the upload also shows the error in the datasets panel).
 */
export async function importDroppedFile(file: File): Promise<UploadedDataset> {
  const id = nextId++;
  const name = uploadName(file.name);
  uploadsStore.setState((s) => ({ uploads: [...s.uploads, { id, name, size: file.size, phase: 'reading', fraction: 0 }] }));
  try {
    if (!isTableFile(file)) {
      throw new Error(`"${name}" is not a table file. Upload a CSV (.csv, .tsv, .txt) or Excel (.xlsx) file.`);
    }
    // The worker reads, parses and saves the file: a large file's bytes never pass through this page.
    const span: Record<ImportPhase, [number, number]> = { reading: [0, 0.15], parsing: [0.15, 0.8], saving: [0.95, 0.05] };
    const record = await storeInWorker(name, file, (phase, f, note) => {
      const [from, width] = span[phase];
      update(id, { phase, fraction: from + width * f, note: note ?? 'Reading rows' });
    });
    // In a studio, the workspace keeps the file too (only once it imported cleanly).
    const mirror = datasetMirror();
    if (mirror) {
      update(id, { phase: 'saving', fraction: 0.97, note: 'Saving in the studio workspace' });
      try {
        await mirror.saved(name, file);
      } catch (e) {
        throw new Error(`"${name}" was imported in this browser but not saved in the studio workspace: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    update(id, { phase: 'done', fraction: 1, note: undefined, record });
    // The dataset now shows in the list; the finished upload line goes away by itself.
    setTimeout(() => dismissUpload(id), DONE_VISIBLE_MS);
    return record;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    update(id, { phase: 'error', error: message, note: undefined });
    throw err instanceof Error ? err : new Error(message);
  }
}

/** Imports several files one after another (each shows its own progress); failures do not stop the rest. */
export async function importFiles(files: Iterable<File>): Promise<UploadedDataset[]> {
  const done: UploadedDataset[] = [];
  for (const f of files) {
    try {
      done.push(await importDroppedFile(f));
    } catch {
      // shown in the panel
    }
  }
  return done;
}
