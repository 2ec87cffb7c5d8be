/** The Web Worker entry: the built-in node types behind comlink (same protocol as the Node workers). */
import * as Comlink from 'comlink';
import { builtinNodes } from '../../../nodes/index.ts';
import { createRegistry } from '../../core/registry.ts';
import { kernels } from '../kernels.ts';
import { createWorkerApi } from '../worker-api.ts';

// Exposed synchronously at start-up so no message from the pool is missed.
Comlink.expose(createWorkerApi({ registry: createRegistry(builtinNodes), kernels }));
