/**
 * Ascending sort of finite float64 values by an LSD radix sort on their bit patterns (16-bit digits,
 * four passes, a pass skipped when every value shares that digit, as integer-valued features do).
 * Drift measures sort every feature of both tables; the native comparison sort was the bottleneck.
 */

/** Sorts `values` (no NaN) into a new array. */
export function sortNumbers(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 256) return values.slice().sort();
  // Order-preserving unsigned keys: flip every bit of negatives, only the sign bit of the rest.
  const src = new Float64Array(values);
  const bits = new Uint32Array(src.buffer);
  for (let i = 0; i < n; i++) {
    const hi = bits[2 * i + 1];
    if (hi & 0x80000000) {
      bits[2 * i + 1] = ~hi >>> 0;
      bits[2 * i] = ~bits[2 * i] >>> 0;
    } else bits[2 * i + 1] = (hi | 0x80000000) >>> 0;
  }
  let a = bits;
  let b = new Uint32Array(2 * n);
  // All four digit histograms in one read pass.
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const lo = a[2 * i];
    const hi = a[2 * i + 1];
    counts[lo & 0xffff]++;
    counts[65536 + (lo >>> 16)]++;
    counts[131072 + (hi & 0xffff)]++;
    counts[196608 + (hi >>> 16)]++;
  }
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    const base = pass * 65536;
    if (counts[base + ((a[word] >>> shift) & 0xffff)] === n) continue;
    let sum = 0;
    for (let d = base; d < base + 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const pos = counts[base + ((a[2 * i + word] >>> shift) & 0xffff)]++;
      b[2 * pos] = a[2 * i];
      b[2 * pos + 1] = a[2 * i + 1];
    }
    const t = a;
    a = b;
    b = t;
  }
  for (let i = 0; i < n; i++) {
    const hi = a[2 * i + 1];
    if (hi & 0x80000000) a[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    else {
      a[2 * i + 1] = ~hi >>> 0;
      a[2 * i] = ~a[2 * i] >>> 0;
    }
  }
  return new Float64Array(a.buffer, a.byteOffset, n);
}
