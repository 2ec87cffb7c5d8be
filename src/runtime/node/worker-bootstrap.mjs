// Node workers cannot load TypeScript by themselves: register tsx, then import the real entry (its file: URL
// comes as the worker's first argument, see worker-script.ts). Only used when running from source (vitest,
// benches); the built CLI starts its workers from plain JavaScript.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
