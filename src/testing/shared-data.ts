import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe } from 'vitest';

/**
 * Real public datasets live outside the project (licences unknown, so never copied in):
 * ../shared/data next to the checkout, or CRISPFLOW_SHARED_DATA.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA_DIR = process.env.CRISPFLOW_SHARED_DATA ?? path.resolve(root, '../shared/data');

export function sharedDataPath(file: string): string {
  return path.join(SHARED_DATA_DIR, file);
}

export function hasSharedData(...files: string[]): boolean {
  return files.every((f) => existsSync(sharedDataPath(f)));
}

/** A describe block that runs only where the shared data files exist, and says why otherwise. */
export function describeWithSharedData(name: string, files: string[], fn: () => void): void {
  const present = hasSharedData(...files);
  if (!present) {
    console.warn(
      `[skipped] "${name}": needs ${files.join(', ')} in ${SHARED_DATA_DIR} (public datasets kept outside the project; set CRISPFLOW_SHARED_DATA to point at them).`,
    );
  }
  // Vitest runs a describe body to collect its tests even when the block is skipped, so a body that
  // reads the files at collection time must not run at all where they are absent.
  describe.skipIf(!present)(name, present ? fn : () => {});
}
