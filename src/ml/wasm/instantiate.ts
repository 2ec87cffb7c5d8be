/**
 * Compiling and instantiating our run-time-assembled WebAssembly modules, with the fallbacks every
 * kernel family needs: null where WebAssembly (or its SIMD extension) is unavailable, where the
 * module fails to compile, or where the memory cannot grow; the caller then uses its JavaScript twin.
 */
import { encodeModule, type FunctionDef } from './encoder.ts';

/** Largest memory we ask for: addresses stay below 2^31, so they pass through int32 conversions intact. */
export const MAX_MEMORY_BYTES = 2 ** 31 - 2 ** 16;

/** The module of these functions, or null where it cannot be compiled here. */
export function compileModule(functions: () => FunctionDef[]): WebAssembly.Module | null {
  try {
    const bytes = encodeModule(functions()) as Uint8Array<ArrayBuffer>;
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** A fresh instance whose exported memory holds at least `bytes` bytes, or null. */
export function instantiateWithMemory<E extends { memory: WebAssembly.Memory }>(mod: WebAssembly.Module | null, bytes: number): E | null {
  if (!mod || bytes > MAX_MEMORY_BYTES) return null;
  try {
    const exports = new WebAssembly.Instance(mod, {}).exports as unknown as E;
    const pages = Math.ceil(bytes / 65536);
    if (pages > 1) exports.memory.grow(pages - 1);
    return exports;
  } catch {
    return null;
  }
}
