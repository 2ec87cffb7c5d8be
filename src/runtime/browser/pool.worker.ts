/** The Web Worker entry: the built-in node types behind comlink (same protocol as the Node workers). */
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { builtinNodes } from '../../../nodes/index.ts';
import { createRegistry } from '../../core/registry.ts';
import { setTfWasmLocation } from '../../ml/neural/tf-backend.ts';
import { createWorkerApi } from '../worker-api.ts';

// TF.js (loaded lazily by neural nodes) finds its .wasm files at the URLs the bundler produced.
setTfWasmLocation({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

// Exposed synchronously at start-up so no message from the pool is missed. Kernels and scorers come
// from the registry's node definitions.
Comlink.expose(createWorkerApi({ registry: createRegistry(builtinNodes) }));
