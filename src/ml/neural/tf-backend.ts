/**
 * Loads TF.js on demand (dynamic import, so it never lands in the designer's main chunk) and picks a
 * backend. Measured on this project's workload (batch 128, 200 hidden units): the single-thread
 * wasm backend is several times faster than 'cpu', so 'auto' prefers wasm and falls back to cpu.
 *
 * The wasm backend needs to know where its .wasm files are: in Node they are found in
 * node_modules/@tensorflow/tfjs-backend-wasm/dist/; a browser host (the worker entry) calls
 * `setTfWasmLocation` with the URLs its bundler produced (e.g. `?url` imports) before running nodes.
 */
import type * as TF from '@tensorflow/tfjs';

export type TfBackendChoice = 'auto' | 'wasm' | 'cpu';

let wasmLocation: string | Record<string, string> | undefined;

/** A URL/path prefix ending in '/', or a map from .wasm file name to URL. */
export function setTfWasmLocation(location: string | Record<string, string>): void {
  wasmLocation = location;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && Boolean(process.versions?.node);
}

async function nodeWasmDir(): Promise<string | undefined> {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  try {
    if (resolve) {
      const url = new URL(resolve('@tensorflow/tfjs-backend-wasm'));
      if (url.protocol === 'file:') return decodeURIComponent(url.pathname.replace(/[^/]*$/, ''));
    }
  } catch {
    // fall through to the working directory
  }
  return `${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`;
}

let loading: Promise<typeof TF> | undefined;
const wasmTried = { done: false, ok: false, error: '' };

/** TF.js with the chosen backend active; returns the backend actually in use and why, if it differs. */
export async function loadTf(choice: TfBackendChoice = 'auto'): Promise<{ tf: typeof TF; backend: string; note?: string }> {
  loading ??= import('@tensorflow/tfjs');
  const tf = await loading;
  let note: string | undefined;
  if (choice !== 'cpu') {
    if (!wasmTried.done) {
      wasmTried.done = true;
      try {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        const location = wasmLocation ?? (isNode() ? await nodeWasmDir() : undefined);
        if (location === undefined) throw new Error('no location for the .wasm files was configured');
        wasm.setWasmPaths(location as never);
        // The threaded wasm build breaks under minification (tfjs#4539) and tfjs caps it at half the
        // cores anyway (1 here), so always use the single-thread SIMD build.
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        wasmTried.ok = await tf.setBackend('wasm');
        if (!wasmTried.ok) wasmTried.error = 'setBackend("wasm") returned false';
      } catch (e) {
        wasmTried.error = e instanceof Error ? e.message : String(e);
      }
    }
    if (wasmTried.ok) {
      if (tf.getBackend() !== 'wasm' && !(await tf.setBackend('wasm'))) note = 'could not switch back to wasm';
      else return { tf, backend: 'wasm' };
    } else note = `wasm backend unavailable (${wasmTried.error}); using cpu, which is slower`;
  }
  if (tf.getBackend() !== 'cpu' && !(await tf.setBackend('cpu'))) {
    throw new Error('TensorFlow.js could not start its cpu backend.');
  }
  return { tf, backend: 'cpu', note };
}
