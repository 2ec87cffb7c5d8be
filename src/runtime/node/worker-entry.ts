/** The worker_threads entry: the built-in node types (plus any extra modules) behind comlink. */
import { parentPort, workerData } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { builtinNodes } from '../../../nodes/index.ts';
import { createRegistry } from '../../core/registry.ts';
import { kernels } from '../kernels.ts';
import type { NodeWorkerData } from '../protocol.ts';
import { createWorkerApi, type ExtraNodeModule, type WorkerSetup } from '../worker-api.ts';

const data = workerData as NodeWorkerData;

async function setup(): Promise<WorkerSetup> {
  const nodes = [...builtinNodes];
  const allKernels = { ...kernels };
  for (const spec of data.extraNodeModules) {
    const mod = (await import(spec)) as ExtraNodeModule;
    nodes.push(...(mod.nodes ?? []));
    Object.assign(allKernels, mod.kernels ?? {});
  }
  return { registry: createRegistry(nodes), kernels: allKernels };
}

if (!parentPort) throw new Error('worker-entry.ts must run inside a worker thread.');
// Exposed right away (calls wait for the setup), so no message is missed while modules load.
Comlink.expose(createWorkerApi(setup()), nodeEndpoint(parentPort));
