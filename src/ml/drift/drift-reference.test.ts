/**
 * Drift measures against scipy / numpy / pandas (scripts/fixtures/drift_reference.py): the same samples
 * are regenerated here bit for bit by the script's integer recipe.
 */
import { describe, expect, it } from 'vitest';
import reference from './fixtures/drift-reference.json' with { type: 'json' };
import { quantileEdges } from './binning.ts';
import { jensenShannonDistance, populationStabilityIndex, PSI_EMPTY_SHARE } from './divergence.ts';
import { categoricalDrift, driftByPeriod, numericDrift, numericDriftByRank } from './feature-drift.ts';
import { weightedLogTrend } from './fairness-over-time.ts';
import { kolmogorovSf } from './kolmogorov.ts';
import { ksTwoSample } from './ks-two-sample.ts';
import { sortNumbers } from './sort-numbers.ts';

const M32 = 2 ** 32;

/** The script's 32-bit LCG (exact in doubles: the product stays below 2^53). */
function lcg(seed: number) {
  let s = seed % M32;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) % M32;
    return (s + 0.5) / M32;
  };
  const normal = () => {
    let t = 0;
    for (let k = 0; k < 12; k++) t += uniform();
    return t - 6;
  };
  return { uniform, normal };
}

interface NumericSpec {
  seed: number;
  n: number;
  mean: number;
  sd: number;
  decimals: number | null;
}

function numericSample(spec: NumericSpec): Float64Array {
  const rng = lcg(spec.seed);
  const out = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    let v = spec.mean + spec.sd * rng.normal();
    if (spec.decimals !== null) {
      const f = 10 ** spec.decimals;
      v = Math.floor(v * f + 0.5) / f;
    }
    out[i] = v;
  }
  return out;
}

function categoricalSample(spec: { seed: number; n: number; levels: string[]; probs: number[] }) {
  const rng = lcg(spec.seed);
  const cum: number[] = [];
  spec.probs.reduce((a, p) => (cum.push(a + p), a + p), 0);
  const codes = new Int32Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    const u = rng.uniform();
    let k = 0;
    while (k < cum.length - 1 && u >= cum[k]) k++;
    codes[i] = k;
  }
  return { codes, levels: spec.levels };
}

function close(actual: number, expected: number, rel = 1e-9) {
  if (expected === 0) expect(Math.abs(actual)).toBeLessThan(1e-300);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);
}

describe('drift measures match scipy / numpy', () => {
  it('uses the documented empty-bin share', () => {
    expect(PSI_EMPTY_SHARE).toBe(reference.psiEmptyShare);
  });

  for (const c of reference.cases) {
    if (c.kind === 'numeric') {
      it(`numeric: ${c.name}`, () => {
        const ref = numericSample(c.reference as NumericSpec);
        const cur = numericSample(c.current as NumericSpec);
        const edges = quantileEdges(sortNumbers(ref), c.bins!);
        expect(Array.from(edges)).toEqual(c.edges);
        const d = numericDrift('x', ref, cur, { bins: c.bins });
        expect(d.bins.map((b) => b.reference)).toEqual(c.referenceCounts);
        expect(d.bins.map((b) => b.current)).toEqual(c.currentCounts);
        close(d.psi, c.psi);
        close(d.jensenShannon, c.jensenShannon);
        close(d.ks!.statistic, c.ksStatistic!);
        close(d.ks!.pValue, c.ksPValue!);
        expect(d.ks!.method).toBe(c.ksMethod);
        // The one-pass version (no sort of the current sample) gives the same numbers.
        const byRank = numericDriftByRank('x', ref, cur, { bins: c.bins }).drift;
        expect(byRank.bins.map((b) => b.current)).toEqual(c.currentCounts);
        close(byRank.psi, c.psi);
        close(byRank.jensenShannon, c.jensenShannon);
        close(byRank.ks!.statistic, c.ksStatistic!);
        close(byRank.ks!.pValue, c.ksPValue!);
      });
    } else {
      it(`categorical: ${c.name}`, () => {
        const spec = c as unknown as { reference: { seed: number; n: number; levels: string[]; probs: number[] }; current: typeof spec.reference };
        const d = categoricalDrift('dept', categoricalSample(spec.reference), categoricalSample(spec.current));
        expect(d.bins.map((b) => b.label)).toEqual(c.levels);
        expect(d.newLevels).toEqual(c.newLevels);
        expect(d.bins.map((b) => b.reference)).toEqual(c.referenceCounts);
        expect(d.bins.map((b) => b.current)).toEqual(c.currentCounts);
        close(d.psi, c.psi);
        close(d.jensenShannon, c.jensenShannon);
        expect(d.ks).toBeUndefined();
      });
    }
  }

  it('kstwo.sf on every branch of scipy’s _kolmogn', () => {
    for (const p of reference.kstwo) {
      const v = kolmogorovSf(p.n, p.x);
      if (p.sf < 1e-300) expect(v).toBeLessThan(1e-300);
      else {
        const rel = Math.abs(v - p.sf) / p.sf;
        expect(rel, `n=${p.n} x=${p.x}: ${v} vs ${p.sf}`).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('trend: weighted regression slope of ln DI and its p-value', () => {
    const t = weightedLogTrend(reference.trend.points)!;
    close(t.slope, reference.trend.slope);
    close(t.standardError, reference.trend.standardError);
    close(t.z, reference.trend.z);
    // The normal tail comes from the fairness module's erfc (relative error < 1.2e-7).
    close(t.pValue, reference.trend.pValue, 1e-6);
    expect(t.alert).toBe(true);
  });
});

describe('drift measures: edge cases', () => {
  it('identical samples have zero PSI, JS and KS', () => {
    const x = numericSample({ seed: 99, n: 300, mean: 0, sd: 1, decimals: null });
    const d = numericDrift('x', x, x);
    expect(d.psi).toBe(0);
    expect(d.jensenShannon).toBe(0);
    expect(d.ks!.statistic).toBe(0);
    expect(d.ks!.pValue).toBe(1);
    expect(d.drifted).toBe(false);
  });

  it('missing values get their own bin and do not enter KS', () => {
    const ref = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const cur = Float64Array.from([1, 2, 3, 4, 5, NaN, NaN, NaN, NaN, NaN]);
    const d = numericDrift('x', ref, cur, { bins: 5 });
    expect(d.bins.at(-1)).toMatchObject({ label: '(missing)', reference: 0, current: 5 });
    expect(d.missingCurrent).toBe(5);
    expect(d.ks!.n2).toBe(5);
    expect(d.band).toBe('major');
  });

  it('PSI and JS of disjoint distributions', () => {
    const { psi } = populationStabilityIndex([10, 0], [0, 10]);
    close(psi, 2 * (1 - PSI_EMPTY_SHARE) * Math.log(1 / PSI_EMPTY_SHARE), 1e-12);
    expect(jensenShannonDistance([10, 0], [0, 10])).toBeCloseTo(1, 12);
  });

  it('the one-pass drift equals the sorting one, overall and per period, with ties, missing values and values beyond the reference', () => {
    const rng = lcg(77);
    const ref = new Float64Array(3000);
    const cur = new Float64Array(5000);
    for (let i = 0; i < ref.length; i++) ref[i] = Math.floor(rng.uniform() * 12) + (i % 7 === 0 ? 0.5 : 0);
    for (let i = 0; i < cur.length; i++) cur[i] = i % 97 === 0 ? NaN : Math.floor(rng.uniform() * 15) - 1 + (i % 5 === 0 ? 0.25 : 0);
    const codes = Int32Array.from(cur, (_, i) => (i % 11 === 0 ? -1 : i % 3));
    const periods = { codes, labels: ['P1', 'P2', 'P3'], column: 'p', missing: 0 };
    for (const bins of [4, 10, 20]) {
      const a = numericDrift('x', ref, cur, { bins });
      for (const buckets of [2, 2048]) {
        const b = numericDriftByRank('x', ref, cur, { bins, periods, minPeriodRows: 1, buckets });
        expect(b.drift).toEqual(a);
        expect(b.byPeriod).toEqual(driftByPeriod({ name: 'x', type: 'number', values: cur }, a, periods, 1));
      }
    }
  });

  it('the bucketed KS equals the full merge for continuous, shifted and tied samples, whatever the bucket count', () => {
    const rng = lcg(31);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
    const cases: Array<[Float64Array, Float64Array]> = [
      [Float64Array.from({ length: 4000 }, () => normal()), Float64Array.from({ length: 9000 }, () => normal())],
      [Float64Array.from({ length: 4000 }, () => normal()), Float64Array.from({ length: 9000 }, () => normal() + 0.3)],
      [Float64Array.from({ length: 2000 }, () => Math.round(normal() * 3)), Float64Array.from({ length: 6000 }, () => Math.round(normal() * 3 + 0.5))],
      [Float64Array.from({ length: 3000 }, () => rng.uniform()), Float64Array.from({ length: 3000 }, () => rng.uniform() * 1.4 - 0.2)],
    ];
    for (const [ref, cur] of cases) {
      const full = ksTwoSample(sortNumbers(ref), sortNumbers(cur)).statistic;
      expect(full).toBeGreaterThan(0);
      for (const buckets of [1, 3, 16, 2048]) {
        expect(numericDriftByRank('x', ref, cur, { buckets }).drift.ks!.statistic).toBe(full);
      }
    }
  });

  it('KS on samples with every value tied', () => {
    const r = ksTwoSample(Float64Array.from([1, 1, 1]), Float64Array.from([1, 1]));
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });

  it('radix sort agrees with the comparison sort, including negatives, zeros and infinities', () => {
    const rng = lcg(5);
    const x = new Float64Array(5000);
    for (let i = 0; i < x.length; i++) x[i] = (rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 8 - 4);
    x[0] = -Infinity;
    x[1] = Infinity;
    x[2] = 0;
    x[3] = -1e-300;
    expect(Array.from(sortNumbers(x))).toEqual(Array.from(x.slice().sort()));
  });
});
