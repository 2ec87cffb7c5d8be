/**
 * The Web Worker entry: the built-in node types plus the node packages bundled at build time, behind
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

// TF.js (loaded lazily by neural nodes) finds its .wasm files at the URLs the bundler produced.
setTfWasmLocation({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

// Exposed synchronously at start-up so no message from the pool is missed. Kernels and scorers come
// from the registry's node definitions.
Comlink.expose(createWorkerApi({ registry: composeRegistryFrom(builtinNodes, buildTimePackages()).registry }));
