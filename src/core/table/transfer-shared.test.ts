import { describe, expect, it } from 'vitest';
import type { Table } from './table.ts';
import { copyForTransfer, isShared, packOutputsForHost, packStrings, shareTypedArrays, unpackStrings, unpackValue, withoutSharedMemory } from './transfer.ts';

const table = (): Table => ({
  nRows: 3,
  columns: [
    { name: 'x', type: 'number', values: Float64Array.of(1, 2, 3) },
    { name: 'g', type: 'category', codes: Int32Array.of(0, 1, 0), categories: ['a', 'b'] },
    { name: 't', type: 'text', values: ['é', null, 'z'] },
  ],
});

describe('tables in shared memory', () => {
  it('packs output tables into shared memory and moves everything else', () => {
    const weights = Float64Array.of(0.5, 0.25);
    const packed = packOutputsForHost({ table: table(), model: { kind: 'm', weights } });
    const out = unpackValue<{ table: Table; model: { weights: Float64Array } }>(packed.message);
    const x = out.table.columns[0] as { values: Float64Array };
    expect(isShared(x.values)).toBe(true);
    expect(Array.from(x.values)).toEqual([1, 2, 3]);
    expect((out.table.columns[2] as { values: unknown }).values).toEqual(['é', null, 'z']);
    // The model's array is moved (listed for transfer), not shared; no table buffer is in the transfer list.
    expect(isShared(out.model.weights)).toBe(false);
    expect(packed.transfer).toEqual([weights.buffer]);
  });

  it('encodes text straight into shared memory, byte for byte as the private packing', () => {
    const values = ['plain', null, 'é ü ß', '😀 emoji', 'lone \uD800 surrogate', '', '日本語'];
    const shared = packStrings(values, undefined, true);
    const own = packStrings(values);
    expect(isShared(shared.utf8) && isShared(shared.offsets) && isShared(shared.nulls!)).toBe(true);
    expect(Array.from(shared.utf8)).toEqual(Array.from(own.utf8));
    expect(Array.from(shared.offsets)).toEqual(Array.from(own.offsets));
    expect(unpackStrings(shared)).toEqual(['plain', null, 'é ü ß', '😀 emoji', 'lone \uFFFD surrogate', '', '日本語']);
  });

  it('does not copy a column that is in shared memory already', () => {
    const shared = shareTypedArrays(Float64Array.of(7, 8)).message as Float64Array;
    const t: Table = { nRows: 2, columns: [{ name: 'x', type: 'number', values: shared }] };
    const out = unpackValue<{ table: Table }>(packOutputsForHost({ table: t }).message);
    expect((out.table.columns[0] as { values: Float64Array }).values).toBe(shared);
  });

  it('copies shared arrays into private memory where shared memory is refused (IndexedDB), leaving others as they are', () => {
    const shared = shareTypedArrays(Int32Array.of(4, 5)).message as Int32Array;
    const own = Float64Array.of(1);
    const copy = withoutSharedMemory({ a: shared, b: own, list: [shared], n: 3 });
    expect(isShared(copy.a)).toBe(false);
    expect(Array.from(copy.a)).toEqual([4, 5]);
    expect(copy.b).toBe(own);
    expect(isShared(copy.list[0])).toBe(false);
    expect(copy.n).toBe(3);
  });

  it('gives kernels private copies of shared arrays when asked', () => {
    const shared = shareTypedArrays(Float64Array.of(1, 2)).message as Float64Array;
    expect((copyForTransfer({ v: shared }).message as { v: Float64Array }).v).toBe(shared);
    const own = (copyForTransfer({ v: shared }, { copyShared: true }).message as { v: Float64Array }).v;
    expect(isShared(own)).toBe(false);
    expect(Array.from(own)).toEqual([1, 2]);
  });
});
