import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { Arena, CFG, CONFIG_BYTES, forestWasm } from './forest-wasm.ts';
import { columnsOf, TreeRng } from './grow-trees.ts';

/** A random CSR of packed entries (feature·256 + code), features ascending per row. */
function randomRows(n: number, nF: number, seed: number): { rowptr: Int32Array; ent: Int32Array } {
  const rng = createRng(seed);
  const rowptr = new Int32Array(n + 1);
  const ent: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < nF; f++) if (rng.next() < 0.2) ent.push(f * 256 + rng.int(256));
    rowptr[i + 1] = ent.length;
  }
  return { rowptr, ent: Int32Array.from(ent) };
}

describe('forest WebAssembly loops', () => {
  it('compile here (Node runs the forest kernel with them)', () => {
    expect(forestWasm(65536)).not.toBeNull();
  });

  for (const listed of [false, true]) {
    it(`index a subtree as the JavaScript counting sort does (${listed ? 'listed' : 'all'} features)`, () => {
      const n = 60;
      const nF = 40;
      const { rowptr, ent } = randomRows(n, nF, listed ? 3 : 4);
      const rows = [2, 5, 6, 11, 17, 30, 31, 44, 59];
      const arena = new Arena();
      const at = {
        rowptr: arena.reserve(n + 1, 4),
        ent: arena.reserve(ent.length, 4),
        samples: arena.reserve(n, 4),
        count: arena.reserve(nF, 4),
        range: arena.reserve(2 * nF, 4),
        feat: arena.reserve(nF, 4),
        localEnt: arena.reserve(ent.length, 4),
      };
      const x = forestWasm(arena.bytes)!;
      const buf = x.memory.buffer;
      new Int32Array(buf, at.rowptr, n + 1).set(rowptr);
      new Int32Array(buf, at.ent, ent.length).set(ent);
      const samples = new Int32Array(buf, at.samples, n);
      const start = 3;
      samples.set(rows, start);
      const range = new Int32Array(buf, at.range, 2 * nF);
      const args = [at.samples, start, start + rows.length, at.rowptr, at.ent, at.count, at.range, at.localEnt, nF, at.feat] as const;
      const got = listed ? x.materializeListed(...args) : x.materializeAll(...args);

      // brute force: each feature's entries among the rows, in row order, as local id·256 + code
      const lists = Array.from({ length: nF }, () => [] as number[]);
      rows.forEach((s, id) => {
        for (let q = rowptr[s]; q < rowptr[s + 1]; q++) lists[ent[q] >>> 8].push(id * 256 + (ent[q] & 255));
      });
      const localEnt = new Int32Array(buf, at.localEnt, ent.length);
      for (let f = 0; f < nF; f++) {
        if (listed && lists[f].length === 0) continue;
        expect(Array.from(localEnt.subarray(range[2 * f], range[2 * f + 1])), `feature ${f}`).toEqual(lists[f]);
      }
      const present = lists.map((l, f) => (l.length > 0 ? f : -1)).filter((f) => f >= 0);
      if (listed) {
        expect(got).toBe(present.length);
        expect(new Set(new Int32Array(buf, at.feat, got))).toEqual(new Set(present));
      } else expect(got).toBe(lists.reduce((s, l) => s + l.length, 0));
      expect(Array.from(samples.subarray(start, start + rows.length))).toEqual(rows.map((_, id) => id));
      expect(Array.from(new Int32Array(buf, at.count, nF))).toEqual(new Array(nF).fill(0));
    });
  }

  it('filter a list by membership, keeping order', () => {
    const arena = new Arena();
    const at = { ent: arena.reserve(8, 4), inNode: arena.reserve(10, 1), s: arena.reserve(8, 4), c: arena.reserve(8, 1) };
    const x = forestWasm(arena.bytes)!;
    const buf = x.memory.buffer;
    new Int32Array(buf, at.ent, 8).set([1 * 256 + 7, 2 * 256 + 9, 4 * 256 + 255, 5 * 256 + 0, 7 * 256 + 3, 8 * 256 + 1, 9 * 256 + 2, 9 * 256 + 4]);
    new Uint8Array(buf, at.inNode, 10).set([0, 1, 0, 0, 1, 1, 0, 0, 1, 0]);
    const k = x.filterEntries(at.ent, 1, 7, at.inNode, at.s, at.c);
    expect(k).toBe(3);
    expect(Array.from(new Int32Array(buf, at.s, k))).toEqual([4, 5, 8]);
    expect(Array.from(new Uint8Array(buf, at.c, k))).toEqual([255, 0, 1]);
  });

  it('draw the same integers as TreeRng from the same state words', () => {
    const arena = new Arena();
    arena.reserve(CONFIG_BYTES, 1);
    const state = arena.reserve(4, 4);
    const x = forestWasm(arena.bytes)!;
    new Int32Array(x.memory.buffer, 0, CONFIG_BYTES / 4)[CFG.rng / 4] = state;
    for (const seed of [0, 1, 42, 4294967295]) {
      const shared = new TreeRng(seed, new Int32Array(x.memory.buffer, state, 4));
      const alone = new TreeRng(seed);
      for (let k = 0; k < 3000; k++) {
        const bound = 1 + ((k * 7919) % 10007);
        // alternate: the module and JavaScript advance the same state
        expect(k % 2 === 0 ? x.rngInt(bound) : shared.int(bound)).toBe(alone.int(bound));
      }
    }
  });

  it('lay the matrix out by column as columnsOf does', () => {
    const n = 50;
    const nF = 30;
    const { rowptr, ent } = randomRows(n, nF, 9);
    const arena = new Arena();
    const at = { rowptr: arena.reserve(n + 1, 4), ent: arena.reserve(ent.length, 4), colptr: arena.reserve(nF + 1, 4), colEnt: arena.reserve(ent.length, 4), fill: arena.reserve(nF, 4) };
    const x = forestWasm(arena.bytes)!;
    const buf = x.memory.buffer;
    new Int32Array(buf, at.rowptr, n + 1).set(rowptr);
    new Int32Array(buf, at.ent, ent.length).set(ent);
    x.columns(at.rowptr, at.ent, n, at.colptr, at.colEnt, nF, at.fill);
    const want = columnsOf({ nRows: n, nFeatures: nF, rowptr, rowEntries: ent, zeroCode: new Uint8Array(nF) });
    expect(Array.from(new Int32Array(buf, at.colptr, nF + 1))).toEqual(Array.from(want.colptr));
    expect(Array.from(new Int32Array(buf, at.colEnt, ent.length))).toEqual(Array.from(want.colEntries));
  });
});
