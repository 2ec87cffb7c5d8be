import { describe, expect, it } from 'vitest';
import { jsBoostingKernels, type BoostingKernels } from './js-kernels.ts';
import { wasmBoostingKernels } from './wasm-kernels.ts';
import { fitGradientBoosting, type GradientBoostingState } from './gradient-boosting.ts';
import { syntheticData, takeMatrixRows } from './reference-data.ts';

const BYTES = 2 * 65536;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** Both kernel sets over identical arenas; `fill` writes the same inputs into each. */
function pair(fill: (buf: ArrayBuffer) => void): [BoostingKernels, BoostingKernels] {
  const wasm = wasmBoostingKernels(BYTES);
  if (!wasm) throw new Error('WebAssembly SIMD is unavailable in this Node.js');
  const js = jsBoostingKernels(BYTES);
  fill(wasm.buffer);
  fill(js.buffer);
  return [wasm, js];
}

/** First byte where the two arenas differ, -1 when identical (a plain loop: deep-equal on 128 KB is slow). */
function firstDifference(a: BoostingKernels, b: BoostingKernels): number {
  const x = new Uint8Array(a.buffer, 0, BYTES);
  const y = new Uint8Array(b.buffer, 0, BYTES);
  for (let k = 0; k < BYTES; k++) if (x[k] !== y[k]) return k;
  return -1;
}

// Arena addresses for the kernel tests.
const N = 1000;
const D = 5;
const SAMPLES = 1024;
const RIGHT = SAMPLES + 4 * N;
const GH = RIGHT + 4 * N;
const SLOTS = GH + 16 * N;
const COL = SLOTS + 4 * N * D;
const Y = COL + N * D;
const W = Y + N;
const EXPNEG = W + 8 * N;
const HIST = EXPNEG + 8 * N;
const COUNTS = HIST + 16 * 2000;
const LUT = COUNTS + 4 * 2000;
const SUMS = LUT + 4 * 260;
if (SUMS + 16 > BYTES) throw new Error('test arena too small');

function fillRows(buf: ArrayBuffer, wide: boolean): void {
  const rnd = lcg(11);
  const f64 = new Float64Array(buf);
  const i32 = new Int32Array(buf);
  const u8 = new Uint8Array(buf);
  for (let i = 0; i < N; i++) {
    i32[SAMPLES / 4 + i] = i;
    f64[GH / 8 + 2 * i] = rnd() - 0.5;
    f64[GH / 8 + 2 * i + 1] = rnd() * 0.25;
    u8[Y + i] = rnd() < 0.3 ? 1 : 0;
    f64[W / 8 + i] = 0.5 + rnd();
    f64[EXPNEG / 8 + i] = Math.exp(-(rnd() * 6 - 3));
    for (let f = 0; f < D; f++) {
      const bin = Math.floor(rnd() * 7);
      const slot = f * 8 + bin;
      if (wide) i32[SLOTS / 4 + i * D + f] = slot;
      else new Uint16Array(buf)[SLOTS / 2 + i * D + f] = slot;
      u8[COL + f * N + i] = bin;
    }
  }
  for (let b = 0; b < 8; b++) i32[LUT / 4 + b] = b % 3 === 0 ? 1 : 0;
}

describe('gradient-boosting kernels: WebAssembly equals the JavaScript reference bit for bit', () => {
  for (const wide of [false, true]) {
    it(`histogram (${wide ? 'int32' : 'uint16'} slots) sums gradients, hessians and counts per slot`, () => {
      const [wasm, js] = pair((b) => fillRows(b, wide));
      for (const k of [wasm, js]) k.histogram(wide, SAMPLES, 100, 900, SLOTS, D * (wide ? 4 : 2), GH, HIST, COUNTS);
      expect(firstDifference(wasm, js)).toBe(-1);
      // and the sums are right: slot 8·f + b over rows 100..899
      const f64 = new Float64Array(js.buffer);
      const i32 = new Int32Array(js.buffer);
      const u8 = new Uint8Array(js.buffer);
      let g = 0;
      let c = 0;
      for (let i = 100; i < 900; i++) {
        if (u8[COL + 2 * N + i] === 3) {
          g += f64[GH / 8 + 2 * i];
          c++;
        }
      }
      expect(i32[COUNTS / 4 + 2 * 8 + 3]).toBe(c);
      expect(f64[HIST / 8 + 2 * (2 * 8 + 3)]).toBeCloseTo(g, 12);
    });
  }

  it('partition is stable and puts the rows whose bin goes left first', () => {
    const [wasm, js] = pair((b) => fillRows(b, false));
    const lefts = [wasm, js].map((k) => k.partition(SAMPLES, 10, 990, RIGHT, COL + N, LUT));
    expect(lefts[0]).toBe(lefts[1]);
    expect(firstDifference(wasm, js)).toBe(-1);
    const i32 = new Int32Array(js.buffer);
    const u8 = new Uint8Array(js.buffer);
    const expected = [];
    for (let i = 10; i < 990; i++) if (u8[COL + N + i] % 3 === 0) expected.push(i);
    expect(lefts[0]).toBe(expected.length);
    expect(Array.from(i32.subarray(SAMPLES / 4 + 10, SAMPLES / 4 + 10 + expected.length))).toEqual(expected);
    expect(Array.from(i32.subarray(SAMPLES / 4, SAMPLES / 4 + 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  for (const weighted of [false, true]) {
    it(`gradients${weighted ? ' with row weights' : ''} are the log-loss derivatives`, () => {
      const [wasm, js] = pair((b) => fillRows(b, false));
      for (const k of [wasm, js]) k.gradients(EXPNEG, Y, weighted ? W : 0, GH, SAMPLES, N, SUMS);
      expect(firstDifference(wasm, js)).toBe(-1);
      const f64 = new Float64Array(js.buffer);
      const u8 = new Uint8Array(js.buffer);
      let sg = 0;
      for (let i = 0; i < N; i++) {
        const raw = -Math.log(f64[EXPNEG / 8 + i]);
        const p = 1 / (1 + Math.exp(-raw));
        const w = weighted ? f64[W / 8 + i] : 1;
        expect(f64[GH / 8 + 2 * i]).toBeCloseTo((p - u8[Y + i]) * w, 12);
        expect(f64[GH / 8 + 2 * i + 1]).toBeCloseTo(p * (1 - p) * w, 12);
        sg += f64[GH / 8 + 2 * i];
      }
      expect(f64[SUMS / 8]).toBe(sg);
    });
  }

  it('scaleLeaf multiplies the rows of a leaf; subtract takes a child histogram from its parent', () => {
    const [wasm, js] = pair((b) => {
      fillRows(b, false);
      const f64 = new Float64Array(b);
      const i32 = new Int32Array(b);
      for (let t = 0; t < 2 * 40; t++) {
        f64[HIST / 8 + t] = t * 1.5;
        f64[HIST / 8 + 2 * 40 + t] = t * 0.25;
      }
      for (let t = 0; t < 40; t++) {
        i32[COUNTS / 4 + t] = 10 * t;
        i32[COUNTS / 4 + 40 + t] = t;
      }
    });
    for (const k of [wasm, js]) {
      k.scaleLeaf(SAMPLES, 5, 50, EXPNEG, 0.5);
      k.subtract(HIST, HIST + 16 * 40, COUNTS, COUNTS + 4 * 40, 40, 40);
    }
    expect(firstDifference(wasm, js)).toBe(-1);
    const f64 = new Float64Array(js.buffer);
    const i32 = new Int32Array(js.buffer);
    expect(f64[HIST / 8 + 7]).toBe(7 * 1.5 - 7 * 0.25);
    expect(i32[COUNTS / 4 + 9]).toBe(81);
  });
});

function expectSameModel(a: GradientBoostingState, b: GradientBoostingState): void {
  expect(b.nTrees).toBe(a.nTrees);
  expect(Array.from(b.feature)).toEqual(Array.from(a.feature));
  expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
  expect(Array.from(b.missingLeft!)).toEqual(Array.from(a.missingLeft!));
  expect(Array.from(b.value)).toEqual(Array.from(a.value));
  expect(Array.from(b.cover)).toEqual(Array.from(a.cover));
}

describe('gradient boosting on either kernel set', () => {
  it('uses WebAssembly in Node.js', () => {
    expect(wasmBoostingKernels(BYTES)?.kind).toBe('wasm');
  });

  it('grows bit-identical models with the WebAssembly and the JavaScript kernels (missing values, weights)', async () => {
    const n = 6000;
    const d = 6;
    const { X, y } = syntheticData(n, d);
    const m = takeMatrixRows(X, d, Array.from({ length: n }, (_, i) => i));
    const rnd = lcg(5);
    const sampleWeight = Float64Array.from({ length: n }, () => 0.5 + rnd());
    const options = { seed: 3, maxIter: 12, maxDepth: 6, learningRate: 0.1, sampleWeight, earlyStopping: true };
    const wasm = await fitGradientBoosting(m, y, options);
    const js = await fitGradientBoosting(m, y, { ...options, javascriptKernels: true });
    expect(wasm.feature.some((f) => f >= 0)).toBe(true);
    expectSameModel(wasm, js);
    expect(wasm.validLoss).toEqual(js.validLoss);
  });
});
