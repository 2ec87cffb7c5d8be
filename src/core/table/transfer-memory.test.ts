import { describe, expect, it } from 'vitest';
import { takeRows, type Table, type TextColumn } from './table.ts';
import { copyForTransfer, newTableBytes, packedTextBytes, packValue, shareTypedArrays, stillPacked, unpackValue, type PackedTable } from './transfer.ts';

const table = (): Table => ({
  nRows: 3,
  columns: [
    { name: 'id', type: 'integer', values: new Float64Array([1, 2, 3]) },
    { name: 'text', type: 'text', values: ['Jane Doe, engineer', null, 'Ünïcode ✓ text'] },
  ],
});

describe('text columns travel packed until something reads them', () => {
  it('sends an unread text column on in the packed form it came in (no decode, no re-encode)', () => {
    const message = packValue(table()).message as PackedTable;
    const received = unpackValue<Table>(message);
    const again = packValue(received);
    const textAgain = (again.message as PackedTable).columns[1] as Extract<PackedTable['columns'][number], { type: 'text' }>;
    // The very PackedStrings object that arrived: nothing was decoded or encoded again.
    expect(textAgain.values).toBe((message.columns[1] as typeof textAgain).values);
    // …and its buffers are copied, not moved: this thread may still read the column.
    expect(again.transfer).not.toContain(textAgain.values.utf8.buffer);
    expect((unpackValue<Table>(again.message).columns[1] as TextColumn).values).toEqual(['Jane Doe, engineer', null, 'Ünïcode ✓ text']);
  });

  it('decodes on first read, and a column changed in place is packed from its new values', () => {
    const received = unpackValue<Table>(packValue(table()).message);
    const text = received.columns[1] as TextColumn;
    expect(text.values).toEqual(['Jane Doe, engineer', null, 'Ünïcode ✓ text']);
    text.values[0] = '[NAME], engineer';
    const back = unpackValue<Table>(packValue(received).message).columns[1] as TextColumn;
    expect(back.values).toEqual(['[NAME], engineer', null, 'Ünïcode ✓ text']);
  });

  it('keeps a replaced values array, and spreading a column gives plain values', () => {
    const received = unpackValue<Table>(packValue(table()).message);
    const text = received.columns[1] as TextColumn;
    const copy = { ...text };
    expect(copy.values).toEqual(['Jane Doe, engineer', null, 'Ünïcode ✓ text']);
    text.values = ['a', 'b', 'c'];
    expect((unpackValue<Table>(packValue(received).message).columns[1] as TextColumn).values).toEqual(['a', 'b', 'c']);
  });
});

describe('shared memory for data several threads read', () => {
  it('copies typed arrays into SharedArrayBuffer memory once, which copyForTransfer then passes on as is', () => {
    const x = new Float64Array([1, 2, 3]);
    const shared = shareTypedArrays({ x, nested: [{ y: new Int32Array([4]) }], n: 3 }).message as { x: Float64Array; nested: Array<{ y: Int32Array }>; n: number };
    expect(shared.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.nested[0].y.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.x)).toEqual([1, 2, 3]);
    expect(shared.x).not.toBe(x);
    const sent = copyForTransfer(shared);
    expect((sent.message as { x: Float64Array }).x).toBe(shared.x);
    expect(sent.transfer).toEqual([]);
    // Plain arrays are still copied for transfer.
    const plain = copyForTransfer({ x });
    expect((plain.message as { x: Float64Array }).x).not.toBe(x);
    expect(plain.transfer).toHaveLength(1);
  });
});

describe('a lazily decoded text column that was frozen', () => {
  it('still decodes once and reads the same values', () => {
    const received = unpackValue<Table>(packValue(table()).message);
    const text = Object.freeze(received.columns[1]) as TextColumn;
    expect(text.values).toEqual(['Jane Doe, engineer', null, 'Ünïcode ✓ text']);
    expect(text.values).toBe(text.values);
  });
});

describe('text decoded read-only (a step input in a worker)', () => {
  it('goes back in the packed form it came in after being read, and refuses changes in place', () => {
    const message = packValue(table()).message as PackedTable;
    const received = unpackValue<Table>(message, { readOnlyText: true });
    const text = received.columns[1] as TextColumn;
    expect(text.values).toEqual(['Jane Doe, engineer', null, 'Ünïcode ✓ text']);
    const again = (packValue(received).message as PackedTable).columns[1] as Extract<PackedTable['columns'][number], { type: 'text' }>;
    expect(again.values).toBe((message.columns[1] as typeof again).values);
    expect(() => {
      text.values[0] = 'changed';
    }).toThrow(TypeError);
    expect(text.values[0]).toBe('Jane Doe, engineer');
  });

  it('is packed from a values array that replaced the read one', () => {
    const received = unpackValue<Table>(packValue(table()).message, { readOnlyText: true });
    const text = received.columns[1] as TextColumn;
    text.values = text.values.map((v) => v?.toUpperCase() ?? null);
    expect(stillPacked(text)).toBeUndefined();
    expect((unpackValue<Table>(packValue(received).message).columns[1] as TextColumn).values).toEqual(['JANE DOE, ENGINEER', null, 'ÜNÏCODE ✓ TEXT']);
  });
});

describe('newTableBytes: what packOutputsForHost copies into shared memory', () => {
  it('counts unshared arrays and decoded text, not shared arrays or text still packed', () => {
    const shared = shareTypedArrays(packValue(table()).message).message;
    const received = unpackValue<Table>(shared, { readOnlyText: true });
    const fresh = new Float64Array(3);
    const sparse = { name: 'tfidf', nCols: 2, indptr: new Int32Array(4), indices: new Int32Array(5), values: new Float64Array(5), featureNames: ['a', 'b'] };
    expect(newTableBytes({ table: received })).toBe(0);
    // Read and passed on: still its packed form.
    void (received.columns[1] as TextColumn).values;
    expect(newTableBytes({ table: received })).toBe(0);
    const out: Table = { ...received, columns: [...received.columns, { name: 'z', type: 'number', values: fresh }, { name: 'note', type: 'text', values: ['abc', null, 'de'] }], sparse };
    expect(newTableBytes({ table: out, model: { weights: new Float64Array(100) } })).toBe(24 + 5 + 16 + 20 + 40);
  });
});

describe('takeRows on a text column still packed', () => {
  const texts = ['Jane Doe, engineer', null, '', 'Ünïcode ✓ text', 'emoji 😀 and ∑ math', 'plain ascii', null, 'café 𝄞 end'];
  const idx = [7, 0, 4, 4, 1, 3, 2, 6, 5];
  const packedTable = (values: Array<string | null>): Table => unpackValue<Table>(packValue({ nRows: values.length, columns: [{ name: 't', type: 'text', role: 'text', values }] } satisfies Table).message);

  it('gathers the rows bytes without decoding, with the same values as the decoded column', () => {
    const t = packedTable(texts);
    const taken = takeRows(t, idx).columns[0] as TextColumn;
    // Still packed: the source column was never decoded, and neither was the result.
    expect(stillPacked(t.columns[0])).toBeDefined();
    expect(stillPacked(taken)).toBeDefined();
    expect(taken.role).toBe('text');
    expect(taken.values).toEqual(idx.map((i) => texts[i]));
    // ASCII only (row starts are the offsets themselves).
    const ascii = ['a', null, 'bc', 'def'];
    expect((takeRows(packedTable(ascii), [3, 1, 0]).columns[0] as TextColumn).values).toEqual(['def', null, 'a']);
  });

  it('finds row starts in long ASCII runs at every alignment between 2-, 3- and 4-byte characters', () => {
    // Deterministic mix: ASCII stretches of 0–11 characters (the walk skips them four bytes at a time)
    // around é (2 bytes), – (3 bytes) and 𝄞 (4 bytes, two UTF-16 units), rows of varied length.
    const pieces = ['é', '–', '𝄞'];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const rows = Array.from({ length: 300 }, () => {
      let s = '';
      for (let k = next(6); k >= 0; k--) s += 'abcdefghijk'.slice(0, next(12)) + (next(3) ? pieces[next(3)] : '');
      return next(20) ? s : null;
    });
    const order = Array.from({ length: 500 }, () => next(rows.length));
    const taken = takeRows(packedTable(rows), order).columns[0] as TextColumn;
    expect(stillPacked(taken)).toBeDefined();
    expect(taken.values).toEqual(order.map((i) => rows[i]));
  });

  it('gives every row its own UTF-8 bytes (packedTextBytes), in the column as packed and in rows taken from it', () => {
    // Rows of 2-, 3- and 4-byte characters, lone surrogates (encoded as U+FFFD), empty rows and nulls,
    // at every alignment: each row's bytes must be what TextEncoder makes of that row alone.
    const pieces = ['é', '–', '𝄞', '\uD800x', 'y\uDC00', '', 'ascii text '];
    let seed = 11;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const rows = Array.from({ length: 400 }, () => {
      let s = '';
      for (let k = next(5); k >= 0; k--) s += 'abcdefg'.slice(0, next(8)) + pieces[next(pieces.length)];
      return next(15) ? s : null;
    });
    const encoder = new TextEncoder();
    const expectBytes = (column: TextColumn, values: Array<string | null>) => {
      const bytes = packedTextBytes(column);
      expect(bytes).toBeDefined();
      const { utf8, starts, nulls } = bytes!;
      expect(starts.length).toBe(values.length + 1);
      values.forEach((v, r) => {
        expect(nulls?.[r] === 1).toBe(v === null);
        expect(Array.from(utf8.subarray(starts[r], starts[r + 1]))).toEqual(Array.from(encoder.encode(v ?? '')));
      });
    };
    const t = packedTable(rows);
    expectBytes(t.columns[0] as TextColumn, rows);
    const order = Array.from({ length: 300 }, () => next(rows.length));
    const taken = takeRows(t, order);
    expectBytes(taken.columns[0] as TextColumn, order.map((i) => rows[i]));
    // rows taken from taken rows (the starts the first take kept)
    const again = takeRows(taken, [5, 0, 299, 17]);
    expectBytes(again.columns[0] as TextColumn, [5, 0, 299, 17].map((i) => rows[order[i]]));
    // (lone surrogates travel as U+FFFD, as TextEncoder writes them)
    const wellFormed = (v: string | null) => v?.replace(/\p{Surrogate}/gu, '\uFFFD') ?? null;
    expect((again.columns[0] as TextColumn).values).toEqual([5, 0, 299, 17].map((i) => wellFormed(rows[order[i]])));
  });

  it('sends the taken rows byte starts along with their text, to be used in the next thread as they are', () => {
    const rows = ['a – b', null, 'plain', 'emoji 😀 x', ''];
    const taken = takeRows(packedTable(rows), [3, 0, 2, 1, 4]);
    // a trip to another thread: the message is cloned and unpacked there
    const there = unpackValue<Table>(structuredClone(packValue(taken).message)).columns[0] as TextColumn;
    const packed = stillPacked(there)!;
    expect(packed.starts).toBeDefined();
    expect(packedTextBytes(there)!.starts).toBe(packed.starts);
    const lengths = [3, 0, 2, 1, 4].map((i) => new TextEncoder().encode(rows[i] ?? '').length);
    expect(Array.from(packed.starts!)).toEqual([0, ...lengths.map((_, k) => lengths.slice(0, k + 1).reduce((a, b) => a + b, 0))]);
    expect(there.values).toEqual([3, 0, 2, 1, 4].map((i) => rows[i]));
    // ASCII rows need none: their starts are the offsets
    expect(stillPacked(takeRows(packedTable(['ab', 'c']), [1, 0]).columns[0])!.starts).toBeUndefined();
  });

  it('falls back to the decoded values where a row boundary splits a surrogate pair', () => {
    const split = ['ends high \uD83D', '\uDE00 starts low', 'x'];
    const t = packedTable(split);
    expect((takeRows(t, [1, 0, 2]).columns[0] as TextColumn).values).toEqual([split[1], split[0], 'x']);
  });
});
