// Node workers cannot load TypeScript by themselves: register tsx, then import the real entry.
// Works the same under vitest and under the CLI (`node --import tsx`).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
