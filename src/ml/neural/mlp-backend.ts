/**
 * Which TF.js backend trains the MLP. In a browser (the designer's workers) WebGL when the machine
 * renders it on a GPU, else wasm; in Node wasm, else cpu (src/ml/neural/tf-backend.ts).
 *
 * "Available" means a GPU: where WebGL runs but renders in software (SwiftShader, llvmpipe — machines
 * without a GPU, or with the GPU blocked), the project measured it ~16× slower than single-thread
 * wasm on a dense layer (../shared/STACK-NOTES.md), and without float32 render targets it would train
 * in half precision; 'auto' then keeps wasm. Choosing 'webgl' explicitly uses it whenever it starts.
 */
import type * as TF from '@tensorflow/tfjs';
import { loadTf } from './tf-backend.ts';

export type MlpBackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';
export const MLP_BACKEND_CHOICES: readonly MlpBackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];

export interface MlpBackend {
  tf: typeof TF;
  backend: string;
  /** Why the backend differs from the first choice; `level` warn when the user's explicit choice was not met. */
  note?: { message: string; level: 'info' | 'warn' };
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Whether a WebGL renderer string names a software rasteriser rather than a GPU. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** What a started WebGL backend offers: the renderer's name and whether it renders float32. */
export interface WebglProbe {
  renderer: string;
  float32: boolean;
}

/** Whether 'auto' should train on this WebGL: a GPU with float32 render targets. */
export function webglWorthUsing(probe: WebglProbe): { ok: boolean; reason?: string } {
  if (isSoftwareRenderer(probe.renderer)) return { ok: false, reason: `WebGL renders in software here (${probe.renderer}), which is slower` };
  if (!probe.float32) return { ok: false, reason: 'WebGL here cannot render float32, so it would train in half precision' };
  return { ok: true };
}

function isNode(): boolean {
  return typeof process !== 'undefined' && Boolean(process.versions?.node);
}

/** Starts the WebGL backend and reads its renderer; undefined where it does not start. */
async function startWebgl(tf: typeof TF): Promise<WebglProbe | undefined> {
  let ok = false;
  try {
    ok = await tf.setBackend('webgl');
  } catch {
    ok = false;
  }
  if (!ok || tf.getBackend() !== 'webgl') return undefined;
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  let renderer = 'unknown renderer';
  if (gl) {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    renderer = String((info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : undefined) ?? gl.getParameter(gl.RENDERER) ?? renderer);
  }
  return { renderer, float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE') };
}

/** TF.js with the backend the MLP should train on active. */
export async function loadTfForMlp(choice: MlpBackendChoice = 'auto'): Promise<MlpBackend> {
  if (choice === 'wasm' || choice === 'cpu') {
    const r = await loadTf(choice);
    return { tf: r.tf, backend: r.backend, ...(r.note ? { note: { message: r.note, level: 'warn' as const } } : {}) };
  }
  // wasm (else cpu) first: it is the fallback, and loading it also loads TF.js.
  const base = await loadTf('auto');
  const fallback = (message: string, level: 'info' | 'warn'): MlpBackend => ({
    tf: base.tf,
    backend: base.backend,
    note: { message: `${message}; training with ${base.backend}.${base.note ? ` (${base.note})` : ''}`, level },
  });
  const level = choice === 'webgl' ? 'warn' : 'info';
  if (isNode()) {
    if (choice === 'webgl') return fallback('WebGL exists only in a browser', 'warn');
    return base.note ? fallback('wasm is not available', 'warn') : { tf: base.tf, backend: base.backend };
  }
  const probe = await startWebgl(base.tf);
  if (!probe) {
    await loadTf('auto'); // setBackend may have switched away before failing
    return fallback('WebGL did not start here', level);
  }
  if (choice === 'auto') {
    const worth = webglWorthUsing(probe);
    if (!worth.ok) {
      await loadTf('auto'); // back to wasm
      return fallback(worth.reason!, 'info');
    }
  }
  return { tf: base.tf, backend: 'webgl', note: { message: `WebGL on ${probe.renderer}.`, level: 'info' } };
}
