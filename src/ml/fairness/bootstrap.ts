/**
 * Seeded nonparametric bootstrap over cell counts.
 *
 * A resample draws n row indices with replacement and counts their cells into a typed array; the
 * statistics are then computed from the cells (a few dozen numbers), so one resample costs n index
 * draws and n increments, nothing more. The index generator is an inlined xorshift32 (seeded from the
 * node's rng) because a closure call per draw would triple the cost.
 */
import { quantile } from './stats.ts';

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Called every few resamples with the fraction done; may await (checkpoint / cancel). */
  pause?: (fraction: number) => Promise<void>;
}

/**
 * Returns, for each of `nStats` statistics, its `resamples` bootstrap values
 * (stat-major: `out[s * resamples + r]`).
 * `ids`: cell id per row (rows that do not count are already removed); `weights`: per row or undefined.
 */
export async function bootstrapCells(
  ids: Int32Array,
  weights: Float64Array | undefined,
  nCells: number,
  nStats: number,
  statistic: (cells: Float64Array, out: Float64Array) => void,
  o: BootstrapOptions,
): Promise<Float64Array> {
  const n = ids.length;
  const R = o.resamples;
  const out = new Float64Array(nStats * R);
  const cells = new Float64Array(nCells);
  const stats = new Float64Array(nStats);
  let s = o.seed >>> 0 || 0x9e3779b9;
  const batch = Math.max(1, Math.floor(2_000_000 / Math.max(1, n)));
  for (let r = 0; r < R; r++) {
    cells.fill(0);
    if (weights) {
      for (let i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        const j = ((s >>> 0) * n * 2.3283064365386963e-10) | 0;
        cells[ids[j]] += weights[j];
      }
    } else {
      for (let i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        cells[ids[((s >>> 0) * n * 2.3283064365386963e-10) | 0]]++;
      }
    }
    statistic(cells, stats);
    for (let k = 0; k < nStats; k++) out[k * R + r] = stats[k];
    if (o.pause && r % batch === batch - 1) await o.pause((r + 1) / R);
  }
  return out;
}

/** Percentile interval at `level` (e.g. 0.95) for each statistic of a bootstrapCells result. */
export function percentileIntervals(samples: Float64Array, nStats: number, resamples: number, level: number): Array<[number, number]> {
  const alpha = (1 - level) / 2;
  const out: Array<[number, number]> = [];
  for (let k = 0; k < nStats; k++) {
    const v = samples.subarray(k * resamples, (k + 1) * resamples);
    out.push([quantile(v, alpha), quantile(v, 1 - alpha)]);
  }
  return out;
}
