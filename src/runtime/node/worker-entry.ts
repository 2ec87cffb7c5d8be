/**
 * The worker_threads entry: the built-in node types plus the extra modules the host passes (node
 * packages' entry modules, test nodes) behind comlink. The host has already checked and reported the
 * packages; one that fails here too is left out the same way (the host refused it as well).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { builtinNodes } from '../../../nodes/index.ts';
import { composeRegistry, definitionsFromModule } from '../../core/node-packages.ts';
import type { NodeWorkerData } from '../protocol.ts';
import { createWorkerApi, type WorkerSetup } from '../worker-api.ts';
import { adoptFileDataset } from './file-dataset.ts';

const data = workerData as NodeWorkerData;

async function setup(): Promise<WorkerSetup> {
  const packages = data.extraNodeModules.map((spec) => ({ name: spec, load: async () => definitionsFromModule(await import(spec)) }));
  const { registry, refused } = await composeRegistry(builtinNodes, packages);
  for (const r of refused) console.error(`crispflow worker: module ${r.package} was not loaded: ${r.reason}`);
  // Datasets arrive as file references and are read here, in this thread, as streams (issue 17).
  return { registry, adoptDataset: adoptFileDataset };
}

if (!parentPort) throw new Error('worker-entry.ts must run inside a worker thread.');
// Exposed right away (calls wait for the setup), so no message is missed while modules load.
Comlink.expose(createWorkerApi(setup()), nodeEndpoint(parentPort));
