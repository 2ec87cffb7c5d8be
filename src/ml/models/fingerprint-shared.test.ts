import { describe, expect, it } from 'vitest';
import type { Table, TextColumn } from '../../core/table/table.ts';
import { contentHashSlot, packOutputsForHost, unpackValue } from '../../core/table/transfer.ts';
import { fingerprintTable } from './fingerprint.ts';

/**
 * Trainers receiving the same step output share its content hash through a slot in shared memory: the
 * first hashes the table, the next ones resume from the slot. Fingerprints must be exactly those of a
 * table hashed from scratch, and a slot must never be used for a table changed since it was unpacked.
 */
const table = (): Table => ({
  nRows: 4,
  columns: [
    { name: 'text', type: 'text', role: 'text', values: ['Jane – engineer', null, 'plain words here', 'emoji 😀'] },
    { name: 'years', type: 'integer', values: Float64Array.of(1, 2, 3, 4) },
    { name: 'gender', type: 'category', codes: Int32Array.of(0, 1, -1, 0), categories: ['Female', 'Male'] },
  ],
  weights: Float64Array.of(1, 1, 2, 0.5),
  sparse: { name: 'text', source: 'text', nCols: 2, indptr: Int32Array.of(0, 1, 1, 2, 2), indices: Int32Array.of(0, 1), values: Float64Array.of(0.5, 1), featureNames: ['a', 'b'] },
});

/** Each call: the same step output as another thread receives it. */
function receivers(): () => Table {
  const message = (packOutputsForHost({ train: table() }).message as { train: unknown }).train;
  return () => unpackValue<Table>(structuredClone(message), { readOnlyText: true });
}

describe('the content hash shared between trainers', () => {
  const plain = (extra: unknown) => fingerprintTable(table(), extra);

  it('fills the slot once and gives every receiver the from-scratch fingerprint', () => {
    const receive = receivers();
    const first = receive();
    const slot = contentHashSlot(first)!;
    expect(slot).toBeDefined();
    expect(Atomics.load(slot, 0)).toBe(0);
    expect(fingerprintTable(first, { kind: 'a' })).toBe(plain({ kind: 'a' }));
    expect(Atomics.load(slot, 0)).toBe(1);
    // another thread, another trainer (other params): resumes from the slot
    const second = receive();
    expect(contentHashSlot(second)).toBeDefined();
    expect(fingerprintTable(second, { kind: 'b', C: 1 })).toBe(plain({ kind: 'b', C: 1 }));
    expect(fingerprintTable(second)).toBe(plain(undefined));
  });

  it('is read from the slot when filled (a wrong value there would show)', () => {
    const receive = receivers();
    const t = receive();
    const slot = contentHashSlot(t)!;
    Atomics.store(slot, 1, 12345);
    Atomics.store(slot, 2, 678);
    Atomics.store(slot, 0, 1);
    expect(fingerprintTable(receive(), { kind: 'a' })).not.toBe(plain({ kind: 'a' }));
  });

  it('is ignored for a table changed after it was unpacked', () => {
    const changes: Array<(t: Table) => Table> = [
      (t) => ({ ...t }),
      (t) => (t.columns.push({ name: 'x', type: 'number', values: new Float64Array(4) }), t),
      (t) => ((t.columns[1] as { values: Float64Array }).values = Float64Array.of(9, 9, 9, 9), t),
      (t) => ((t.columns[1] as { name: string }).name = 'months', t),
      (t) => ((t.columns[2] as { categories: string[] }).categories[0] = 'F', t),
      (t) => ((t.columns[0] as TextColumn).values = ['a', 'b', 'c', 'd'], t),
      (t) => ((t.sparse as { values: Float64Array }).values = Float64Array.of(1, 1), t),
      (t) => (delete t.weights, t),
      (t) => ({ ...t, nRows: 4 }),
    ];
    for (const change of changes) {
      const receive = receivers();
      const slot = contentHashSlot(receive())!;
      Atomics.store(slot, 1, 12345);
      Atomics.store(slot, 2, 678);
      Atomics.store(slot, 0, 1);
      const t = change(receive());
      expect(contentHashSlot(t)).toBeUndefined();
      // hashed from scratch: the same as a plain copy (no slot) of the changed table
      const copy: Table = { ...t, columns: t.columns.map((c) => ({ ...c })) };
      expect(contentHashSlot(copy)).toBeUndefined();
      expect(fingerprintTable(t, { kind: 'a' })).toBe(fingerprintTable(copy, { kind: 'a' }));
    }
  });

  it('reading the text read-only keeps the slot (the column is unchanged)', () => {
    const receive = receivers();
    const t = receive();
    expect((t.columns[0] as TextColumn).values[0]).toBe('Jane – engineer');
    expect(contentHashSlot(t)).toBeDefined();
    expect(fingerprintTable(t, 1)).toBe(plain(1));
  });
});

