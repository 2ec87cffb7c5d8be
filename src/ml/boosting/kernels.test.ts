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

/** Byte addresses of a test arena for n rows of d features (16-byte aligned regions, two histograms). */
function layout(n: number, d: number) {
  let at = 1024;
  const take = (bytes: number) => {
    const a = at;
    at = (at + bytes + 15) & ~15;
    return a;
  };
  const L = {
    n,
    d,
    samples: take(4 * n),
    right: take(4 * n),
    gh: take(16 * n),
    slots: take(4 * n * d),
    col: take(n * d),
    y: take(n),
    w: take(8 * n),
    expNeg: take(8 * n),
    hist: take(2 * 16 * 8 * d),
    counts: take(2 * 4 * 8 * d),
    lut: take(4 * 260),
    sums: take(16),
  };
  if (at > BYTES) throw new Error('test arena too small');
  return L;
}
type Layout = ReturnType<typeof layout>;

/** Random rows: feature f of a row has local bin 0..6 in slot 8·f + bin. */
function fillRows(buf: ArrayBuffer, L: Layout, wide: boolean): void {
  const rnd = lcg(11);
  const f64 = new Float64Array(buf);
  const i32 = new Int32Array(buf);
  const u16 = new Uint16Array(buf);
  const u8 = new Uint8Array(buf);
  for (let i = 0; i < L.n; i++) {
    i32[L.samples / 4 + i] = i;
    f64[L.gh / 8 + 2 * i] = rnd() - 0.5;
    f64[L.gh / 8 + 2 * i + 1] = rnd() * 0.25;
    u8[L.y + i] = rnd() < 0.3 ? 1 : 0;
    f64[L.w / 8 + i] = 0.5 + rnd();
    f64[L.expNeg / 8 + i] = Math.exp(-(rnd() * 6 - 3));
    for (let f = 0; f < L.d; f++) {
      const bin = Math.floor(rnd() * 7);
      if (wide) i32[L.slots / 4 + i * L.d + f] = f * 8 + bin;
      else u16[L.slots / 2 + i * L.d + f] = f * 8 + bin;
      u8[L.col + f * L.n + i] = bin;
    }
  }
  for (let b = 0; b < 8; b++) i32[L.lut / 4 + b] = b % 3 === 0 ? 1 : 0;
}

/** Both kernel sets over identical arenas holding the same random rows. */
function pair(L: Layout, wide = false, fill?: (buf: ArrayBuffer) => void): [BoostingKernels, BoostingKernels] {
  const wasm = wasmBoostingKernels(BYTES, L.d, wide);
  if (!wasm) throw new Error('WebAssembly SIMD is unavailable in this Node.js');
  const js = jsBoostingKernels(BYTES, L.d, wide);
  for (const k of [wasm, js]) {
    fillRows(k.buffer, L, wide);
    fill?.(k.buffer);
  }
  return [wasm, js];
}

/** First byte where the two arenas differ, -1 when identical (a plain loop: deep-equal on 128 KB is slow). */
function firstDifference(a: BoostingKernels, b: BoostingKernels): number {
  const x = new Uint8Array(a.buffer, 0, BYTES);
  const y = new Uint8Array(b.buffer, 0, BYTES);
  for (let k = 0; k < BYTES; k++) if (x[k] !== y[k]) return k;
  return -1;
}

const L5 = layout(1000, 5);

describe('gradient-boosting kernels: WebAssembly equals the JavaScript reference bit for bit', () => {
  // d = 5 runs the unrolled loop, d = 130 the generic one (over 128 features).
  for (const [L, wide] of [[L5, false], [L5, true], [layout(60, 130), false]] as const) {
    it(`histogram (${L.d} features, ${wide ? 'int32' : 'uint16'} slots) sums gradients, hessians and counts per slot`, () => {
      const [wasm, js] = pair(L, wide);
      for (const k of [wasm, js]) k.histogram(L.samples, 10, L.n - 10, L.slots, L.gh, L.hist, L.counts);
      expect(firstDifference(wasm, js)).toBe(-1);
      // and the sums are right: feature 2's bin 3 (slot 19) over rows 10..n-11
      const f64 = new Float64Array(js.buffer);
      const i32 = new Int32Array(js.buffer);
      const u8 = new Uint8Array(js.buffer);
      let g = 0;
      let c = 0;
      for (let i = 10; i < L.n - 10; i++) {
        if (u8[L.col + 2 * L.n + i] === 3) {
          g += f64[L.gh / 8 + 2 * i];
          c++;
        }
      }
      expect(c).toBeGreaterThan(0);
      expect(i32[L.counts / 4 + 19]).toBe(c);
      expect(f64[L.hist / 8 + 2 * 19]).toBeCloseTo(g, 12);
    });
  }

  it('histogram without counts (countsAt = 0) sums the same and leaves counts alone', () => {
    const [wasm, js] = pair(L5);
    for (const k of [wasm, js]) k.histogram(L5.samples, 0, L5.n, L5.slots, L5.gh, L5.hist, 0);
    expect(firstDifference(wasm, js)).toBe(-1);
    const [withCounts] = pair(L5);
    withCounts.histogram(L5.samples, 0, L5.n, L5.slots, L5.gh, L5.hist, L5.counts);
    expect(Array.from(new Float64Array(wasm.buffer, L5.hist, 80))).toEqual(Array.from(new Float64Array(withCounts.buffer, L5.hist, 80)));
    expect(new Int32Array(wasm.buffer, L5.counts, 40).every((c) => c === 0)).toBe(true);
  });

  it('partition is stable and puts the rows whose bin goes left first', () => {
    const [wasm, js] = pair(L5);
    const lefts = [wasm, js].map((k) => k.partition(L5.samples, 10, 990, L5.right, L5.col + L5.n, L5.lut));
    expect(lefts[0]).toBe(lefts[1]);
    expect(firstDifference(wasm, js)).toBe(-1);
    const i32 = new Int32Array(js.buffer);
    const u8 = new Uint8Array(js.buffer);
    const expected: number[] = [];
    const rights: number[] = [];
    for (let i = 10; i < 990; i++) (u8[L5.col + L5.n + i] % 3 === 0 ? expected : rights).push(i);
    expect(lefts[0]).toBe(expected.length);
    expect(Array.from(i32.subarray(L5.samples / 4 + 10, L5.samples / 4 + 10 + expected.length))).toEqual(expected);
    expect(Array.from(i32.subarray(L5.right / 4, L5.right / 4 + rights.length))).toEqual(rights);
    expect(Array.from(i32.subarray(L5.samples / 4, L5.samples / 4 + 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  for (const weighted of [false, true]) {
    it(`gradients${weighted ? ' with row weights' : ''} are the log-loss derivatives`, () => {
      const [wasm, js] = pair(L5);
      for (const k of [wasm, js]) k.gradients(L5.expNeg, L5.y, weighted ? L5.w : 0, L5.gh, L5.samples, L5.n, L5.sums);
      expect(firstDifference(wasm, js)).toBe(-1);
      const f64 = new Float64Array(js.buffer);
      const u8 = new Uint8Array(js.buffer);
      let sg = 0;
      for (let i = 0; i < L5.n; i++) {
        const raw = -Math.log(f64[L5.expNeg / 8 + i]);
        const p = 1 / (1 + Math.exp(-raw));
        const w = weighted ? f64[L5.w / 8 + i] : 1;
        expect(f64[L5.gh / 8 + 2 * i]).toBeCloseTo((p - u8[L5.y + i]) * w, 12);
        expect(f64[L5.gh / 8 + 2 * i + 1]).toBeCloseTo(p * (1 - p) * w, 12);
        sg += f64[L5.gh / 8 + 2 * i];
      }
      expect(f64[L5.sums / 8]).toBe(sg);
    });
  }

  it('scaleLeaf multiplies the rows of a leaf; subtract takes a child histogram from its parent', () => {
    const { hist: HIST, counts: COUNTS, samples: SAMPLES, expNeg: EXPNEG } = L5;
    const [wasm, js] = pair(L5, false, (b) => {
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
    expect(wasmBoostingKernels(BYTES, 11, false)?.kind).toBe('wasm');
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
