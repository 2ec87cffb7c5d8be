// The gradient-boosting helper worker (node-helper-thread.ts): registers tsx so it can load the
// TypeScript kernel, then serves each fit's commands on shared memory until that fit releases it.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveHelper } = await import(workerData.entry);
parentPort.on('message', (setup) => serveHelper(setup));
