import { describe, expect, it } from 'vitest';
import type { Metrics, Model } from '../ports.ts';
import type { Table } from './table.ts';
import { copyForTransfer, isTable, packStrings, packValue, transferablesOf, unpackStrings, unpackValue } from './transfer.ts';

/** What postMessage does: structured clone, moving the listed buffers. */
function send<T>(value: T): { received: T; transferred: number } {
  const { message, transfer } = packValue(value);
  const cloned = structuredClone(message, { transfer });
  return { received: unpackValue<T>(cloned), transferred: transfer.length };
}

function sampleTable(): Table {
  return {
    nRows: 4,
    columns: [
      { name: 'age', type: 'integer', role: 'feature', values: new Float64Array([30, NaN, 41, 25]) },
      { name: 'salary', type: 'number', values: new Float64Array([1.5, 2.25, -3, 1e300]) },
      { name: 'hired', type: 'date', values: new Float64Array([Date.UTC(2020, 0, 1), 0, NaN, Date.UTC(1999, 11, 31)]) },
      { name: 'group', type: 'category', role: 'protected', codes: new Int32Array([0, 1, -1, 0]), categories: ['A', 'B'] },
      { name: 'note', type: 'text', role: 'text', values: ['héllo wörld', null, '', 'emoji 👩‍💻 ok, "quoted",\nnewline'] },
      { name: 'ok', type: 'boolean', values: new Float64Array([1, 0, 1, NaN]) },
    ],
    weights: new Float64Array([1, 0.5, 2, 1]),
    sparse: {
      name: 'tfidf',
      source: 'note',
      nCols: 3,
      indptr: new Int32Array([0, 2, 2, 3, 4]),
      indices: new Int32Array([0, 2, 1, 0]),
      values: new Float64Array([0.5, 0.25, 1, 0.75]),
      featureNames: ['hello', 'world', 'emoji'],
    },
  };
}

describe('packStrings / unpackStrings', () => {
  it('round-trips nulls, empty strings, accents, surrogate pairs and lone surrogates', () => {
    const values = ['a', null, '', 'Zoë', '👍🏽', 'x\u0000y', 'lone \ud800 high', 'end'];
    const p = packStrings(values);
    expect(p.utf8).toBeInstanceOf(Uint8Array);
    expect(Array.from(p.nulls!)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    const back = unpackStrings(structuredClone(p));
    expect(back.slice(0, 6)).toEqual(values.slice(0, 6));
    // A lone surrogate is not valid UTF-16; it comes back as U+FFFD and does not shift later rows.
    expect(back[6]).toBe('lone \ufffd high');
    expect(back[7]).toBe('end');
  });

  it('keeps a byte order mark at the start of the first value (the values after it stay in place)', () => {
    const values = ['\uFEFFab', 'cd', null, '\uFEFF'];
    expect(unpackStrings(packStrings(values))).toEqual(values);
  });

  it('writes the bytes TextEncoder makes of the joined values, privately and in shared memory', () => {
    // Values are encoded one by one into their place; this must equal encoding them joined, also for
    // lone surrogates (U+FFFD each) and a lone high surrogate before a lone low one (joined: one
    // character, so that column is encoded joined).
    let seed = 5;
    const next = (k: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % k;
    const pieces = ['a', 'é', '–', '𝄞', '\uD800', '\uDC00', ' text ', ''];
    const random = () => Array.from({ length: 200 }, () => (next(12) ? Array.from({ length: next(6) }, () => pieces[next(pieces.length)]).join('') : null));
    const columns = [random(), random(), ['ends high \uD83D', '', null, '\uDE00 starts low'], ['\uD83D', '\uDE00'], [], [null, null]];
    for (const values of columns) {
      const joined = new TextEncoder().encode(values.map((v) => v ?? '').join(''));
      for (const shared of [false, true]) {
        const p = packStrings(values, undefined, shared);
        expect(Array.from(p.utf8)).toEqual(Array.from(joined));
        expect(p.utf8.buffer instanceof SharedArrayBuffer).toBe(shared);
        let at = 0;
        expect(Array.from(p.offsets)).toEqual([0, ...values.map((v) => (at += v?.length ?? 0))]);
        expect(p.nulls ? Array.from(p.nulls) : undefined).toEqual(values.includes(null) ? values.map((v) => (v === null ? 1 : 0)) : undefined);
      }
    }
  });

  it('has no null mask when nothing is null', () => {
    expect(packStrings(['a', 'b']).nulls).toBeUndefined();
    expect(unpackStrings(packStrings([]))).toEqual([]);
  });
});

describe('packValue / unpackValue', () => {
  it('round-trips a table with every column type, weights and a sparse block, moving its buffers', () => {
    const t = sampleTable();
    const expected = structuredClone(t);
    const { received, transferred } = send(t);
    expect(received).toEqual(expected);
    expect(received.columns[0].type).toBe('integer');
    expect((received.columns[0] as { values: Float64Array }).values).toBeInstanceOf(Float64Array);
    expect(received.sparse!.featureNames).toEqual(['hello', 'world', 'emoji']);
    // 4 numeric columns + codes + 2 string packs (category dictionary, text column: utf8+offsets+nulls)
    // + weights + sparse (3 arrays + names utf8/offsets).
    expect(transferred).toBeGreaterThanOrEqual(12);
    // The sender's arrays were moved, not copied.
    expect((t.columns[1] as { values: Float64Array }).values.length).toBe(0);
  });

  it('sends no per-row strings through structured clone: a text column becomes one buffer', () => {
    const n = 10_000;
    const values = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `row ${i} ✓`));
    const t: Table = { nRows: n, columns: [{ name: 't', type: 'text', values }] };
    const { message } = packValue(t);
    const col = (message as { columns: Array<{ values: { utf8: Uint8Array; offsets: Int32Array } }> }).columns[0];
    expect(col.values.utf8).toBeInstanceOf(Uint8Array);
    expect(col.values.offsets.length).toBe(n + 1);
    expect(send(t).received.columns[0]).toEqual({ name: 't', type: 'text', values });
  });

  it('keeps a shared buffer listed once (two views of one ArrayBuffer)', () => {
    const buf = new Float64Array(6);
    buf.set([1, 2, 3, 4, 5, 6]);
    const t: Table = {
      nRows: 3,
      columns: [
        { name: 'a', type: 'number', values: buf.subarray(0, 3) },
        { name: 'b', type: 'number', values: buf.subarray(3, 6) },
      ],
    };
    const { transfer } = packValue(t);
    expect(transfer.length).toBe(1);
    const { received } = send(t);
    expect(Array.from((received.columns[1] as { values: Float64Array }).values)).toEqual([4, 5, 6]);
  });

  it('round-trips a model with typed-array state and many feature names', () => {
    const featureNames = Array.from({ length: 100 }, (_, i) => `f${i}`);
    const model: Model = {
      kind: 'logistic-regression',
      hyperParams: { C: 1, classWeight: 'balanced' },
      featureNames,
      featurizer: { columns: [{ name: 'group', categories: ['A', 'B'] }] },
      state: { weights: new Float64Array(featureNames.map((_, i) => i / 10)), intercept: -0.5, flags: new Uint8Array([1, 0]) },
      target: { column: 'promoted', positive: 'yes' },
      fingerprint: 'abc123',
    };
    const expected = structuredClone(model);
    const { received } = send(model);
    expect(received).toEqual(expected);
    expect(received.state.weights).toBeInstanceOf(Float64Array);
  });

  it('round-trips metrics and a document holding a table', () => {
    const metrics: Metrics = {
      kind: 'classification',
      values: { auc: 0.8, f1: 0.5 },
      threshold: 0.5,
      roc: [{ fpr: 0, tpr: 0, threshold: 1 }],
      scores: new Float64Array([0.1, 0.9]),
      labels: new Uint8Array([0, 1]),
    };
    const expectedMetrics = structuredClone(metrics);
    expect(send(metrics).received).toEqual(expectedMetrics);
    const doc = { kind: 'report', data: { table: sampleTable(), when: new Date(0), tags: new Map([['a', 1]]) } };
    const expected = structuredClone(doc);
    const received = send(doc).received;
    expect(isTable(received.data.table)).toBe(true);
    expect(received).toEqual(expected);
  });

  it('copies instead of moving when the transfer list is not used', () => {
    const t = sampleTable();
    const { message } = packValue(t);
    const copy = unpackValue<Table>(structuredClone(message));
    (copy.columns[0] as { values: Float64Array }).values[0] = 99;
    expect((t.columns[0] as { values: Float64Array }).values[0]).toBe(30);
  });

  it('refuses functions and cycles with a clear message', () => {
    expect(() => packValue({ f: () => 1 })).toThrow(/function cannot be sent/);
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => packValue(a)).toThrow(/circular/);
  });

  it('copyForTransfer moves fresh copies and leaves the sender intact; transferablesOf lists a message\'s buffers', () => {
    const t = sampleTable();
    const { message } = packValue(t);
    const listed = transferablesOf(message);
    expect(listed.length).toBe(packValue(t).transfer.length);
    const copy = copyForTransfer(message);
    expect(copy.transfer.length).toBeGreaterThanOrEqual(listed.length);
    const received = unpackValue<Table>(structuredClone(copy.message, { transfer: copy.transfer }));
    expect(received).toEqual(structuredClone(t));
    // The sender's arrays are untouched (not detached).
    expect((t.columns[1] as { values: Float64Array }).values.length).toBe(4);
    expect(copyForTransfer(7)).toEqual({ message: 7, transfer: [] });
  });
});
