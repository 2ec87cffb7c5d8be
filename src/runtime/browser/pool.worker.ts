/**
 * The Web Worker entry: the built-in node types plus the node packages bundled at build time and those
 * the main thread loaded at run time (a studio's workspace packages: runtime-node-packages.ts), behind
 * comlink (same protocol as the Node workers). The main thread reports refused packages.
 */
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { builtinNodes } from '../../../nodes/index.ts';
import { composeRegistryFrom } from '../../core/node-packages.ts';
import { setTfWasmLocation } from '../../ml/neural/tf-backend.ts';
import { createWorkerApi } from '../worker-api.ts';
import { buildTimePackages } from './build-time-node-packages.ts';
import { readUploadInWorker } from './worker-datasets.ts';
import { importRuntimeNodePackages, isNodePackagesMessage, type RuntimeNodePackage } from './runtime-node-packages.ts';

// TF.js (loaded lazily by neural nodes) finds its .wasm files at the URLs the bundler produced.
setTfWasmLocation({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

// The pool's first message names the run-time node packages (browser-pool.ts always sends it, [] for
// none). This listener is added before comlink's, so comlink never sees that message.
const runtimePackages = new Promise<RuntimeNodePackage[]>((resolve) => {
  self.addEventListener('message', function first(e: MessageEvent) {
    if (!isNodePackagesMessage(e.data)) return;
    e.stopImmediatePropagation();
    self.removeEventListener('message', first);
    resolve(e.data.packages);
  });
});

async function workerRegistry(packages: RuntimeNodePackage[]) {
  const composed = composeRegistryFrom(builtinNodes, [...buildTimePackages(), ...(await importRuntimeNodePackages(packages))]);
  for (const r of composed.refused) console.warn(`Worker: node package "${r.package}" was not loaded: ${r.reason}`);
  return composed.registry;
}

// Exposed synchronously at start-up so no message from the pool is missed; calls wait until the registry
// is built. Kernels and scorers come from the registry's node definitions.
// Uploads are read from IndexedDB here, not through the page (worker-datasets.ts).
Comlink.expose(
  createWorkerApi(runtimePackages.then(async (packages) => ({ registry: await workerRegistry(packages), readDataset: readUploadInWorker }))),
);
