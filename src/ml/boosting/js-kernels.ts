/**
 * The hot loops of histogram gradient boosting, in plain JavaScript over one byte-addressed arena.
 *
 * This is the fallback where WebAssembly SIMD is unavailable and the reference the WebAssembly kernels
 * (wasm-kernels.ts) are tested against: both take the same byte addresses, run the same arithmetic in
 * the same order, and so produce bit-identical models.
 */

/** The kernels' contract. Addresses are byte offsets into `buffer`; address 0 means "none". */
export interface BoostingKernels {
  readonly kind: 'wasm' | 'js';
  readonly buffer: ArrayBuffer;
  /**
   * Adds rows samples[start..end) into a histogram: per slot (Σ gradient, Σ hessian) as two float64 at
   * histAt + 16·slot and, unless countsAt = 0, the row count as int32 at countsAt + 4·slot. Row i's d
   * slots (uint16, or int32 when the kernels are `wide`) are at slotsAt + i·d·(2 or 4), its (gradient,
   * hessian) at ghAt + 16·i.
   */
  histogram(samplesAt: number, start: number, end: number, slotsAt: number, ghAt: number, histAt: number, countsAt: number): void;
  /**
   * Stable partition of samples[start..end) (int32 row numbers): rows whose byte col[i] maps to 1 in the
   * int32 table at lutAt stay in front, in order; the others go to rightAt, in order. Returns the left count.
   */
  partition(samplesAt: number, start: number, end: number, rightAt: number, colAt: number, lutAt: number): number;
  /**
   * Log-loss gradient and hessian of rows [0, n) into gh, from each row's e^(−raw score) (float64; see
   * scaleLeaf), labels (uint8) and optional weights (float64; wAt = 0 for none): p = 1 / (1 + e^(−raw)),
   * g = (p − y)·w, h = p(1 − p)·w. Resets samples to 0..n−1 and writes the sums of gradients and
   * hessians (in row order) as two float64 at sumsAt.
   */
  gradients(expNegRawAt: number, yAt: number, wAt: number, ghAt: number, samplesAt: number, n: number, sumsAt: number): void;
  /**
   * expNegRaw[samples[k]] ·= factor for k in [start, end): adding a leaf value v to the raw scores of its
   * rows is multiplying their e^(−raw) by e^(−v). Keeping e^(−raw) instead of raw takes the exponential
   * out of the per-row gradient loop (one Math.exp per leaf instead of one per row and tree); the
   * product of 200 factors drifts by ~1e-14 relative, far below what changes a split.
   */
  scaleLeaf(samplesAt: number, start: number, end: number, expNegRawAt: number, factor: number): void;
  /** parent −= child over nSlots slots of sums and `countWords` int32 counts (the subtraction trick). */
  subtract(parentAt: number, childAt: number, parentCountsAt: number, childCountsAt: number, nSlots: number, countWords: number): void;
}

/** Kernels for rows of d features (int32 slots when `wide`) over a fresh ArrayBuffer of `bytes` bytes. */
export function jsBoostingKernels(bytes: number, d: number, wide: boolean): BoostingKernels {
  const buffer = new ArrayBuffer(bytes);
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const u16 = new Uint16Array(buffer);
  const u8 = new Uint8Array(buffer);
  return {
    kind: 'js',
    buffer,
    histogram(samplesAt, start, end, slotsAt, ghAt, histAt, countsAt) {
      const cells = wide ? i32 : u16;
      const shift = wide ? 2 : 1;
      const h0 = histAt >> 3;
      const c0 = countsAt >> 2;
      for (let k = (samplesAt >> 2) + start, e = (samplesAt >> 2) + end; k < e; k++) {
        const i = i32[k];
        const g = f64[(ghAt >> 3) + 2 * i];
        const h = f64[(ghAt >> 3) + 2 * i + 1];
        for (let p = (slotsAt >> shift) + d * i, pe = p + d; p < pe; p++) {
          const s = cells[p];
          f64[h0 + 2 * s] += g;
          f64[h0 + 2 * s + 1] += h;
          if (countsAt !== 0) i32[c0 + s] += 1;
        }
      }
    },
    partition(samplesAt, start, end, rightAt, colAt, lutAt) {
      // Branch-free: each row is written to both sides and only the matching cursor moves (a split sends
      // rows either way unpredictably, so a branch would mispredict about every other row).
      const s0 = samplesAt >> 2;
      const l0 = lutAt >> 2;
      let a = s0 + start;
      let r = rightAt >> 2;
      for (let k = s0 + start, e = s0 + end; k < e; k++) {
        const i = i32[k];
        const left = i32[l0 + u8[colAt + i]];
        i32[a] = i;
        i32[r] = i;
        a += left;
        r += 1 - left;
      }
      return a - s0 - start;
    },
    gradients(expNegRawAt, yAt, wAt, ghAt, samplesAt, n, sumsAt) {
      let sg = 0;
      let sh = 0;
      for (let r = 0; r < n; r++) {
        const p = 1 / (1 + f64[(expNegRawAt >> 3) + r]);
        let g = p - u8[yAt + r];
        let h = p * (1 - p);
        if (wAt !== 0) {
          const w = f64[(wAt >> 3) + r];
          g *= w;
          h *= w;
        }
        f64[(ghAt >> 3) + 2 * r] = g;
        f64[(ghAt >> 3) + 2 * r + 1] = h;
        i32[(samplesAt >> 2) + r] = r;
        sg += g;
        sh += h;
      }
      f64[sumsAt >> 3] = sg;
      f64[(sumsAt >> 3) + 1] = sh;
    },
    scaleLeaf(samplesAt, start, end, expNegRawAt, factor) {
      for (let k = (samplesAt >> 2) + start, e = (samplesAt >> 2) + end; k < e; k++) f64[(expNegRawAt >> 3) + i32[k]] *= factor;
    },
    subtract(parentAt, childAt, parentCountsAt, childCountsAt, nSlots, countWords) {
      for (let t = 0; t < 2 * nSlots; t++) f64[(parentAt >> 3) + t] -= f64[(childAt >> 3) + t];
      for (let t = 0; t < countWords; t++) i32[(parentCountsAt >> 2) + t] -= i32[(childCountsAt >> 2) + t];
    },
  };
}
