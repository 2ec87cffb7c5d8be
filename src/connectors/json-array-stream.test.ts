import { describe, expect, it } from 'vitest';
import { JsonArrayStream, MalformedJsonError } from './json-array-stream.ts';

function collect(doc: string, path: string[], split: number[] = []): unknown[] {
  const items: unknown[] = [];
  const s = new JsonArrayStream([{ path, onItem: (v) => items.push(v) }]);
  let at = 0;
  for (const cut of [...split, doc.length]) {
    s.write(doc.slice(at, cut));
    at = cut;
  }
  s.end();
  return items;
}

describe('JsonArrayStream', () => {
  const doc = JSON.stringify({ meta: { n: 3, list: [1, [2]] }, Report_Entry: [{ a: 'x,]}"\\', b: [1, { c: '[' }] }, { a: 'y' }, { a: null }], tail: 'z' });
  const expected = (JSON.parse(doc) as { Report_Entry: unknown[] }).Report_Entry;

  it('finds the array under a key, whatever the chunk boundaries (every split point)', () => {
    for (let cut = 0; cut <= doc.length; cut++) expect(collect(doc, ['Report_Entry'], [cut])).toEqual(expected);
    expect(collect(doc, ['Report_Entry'], Array.from({ length: doc.length }, (_, i) => i))).toEqual(expected);
  });

  it('reads a root array, an empty one and a nested path', () => {
    expect(collect('[{"id":1},{"id":2}]', [])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(collect(' [ ] ', [])).toEqual([]);
    expect(collect('{"data":{"items":[{"k":"v"}]}}', ['data', 'items'])).toEqual([{ k: 'v' }]);
    // The same key deeper down is not the target.
    expect(collect('{"x":{"items":[9]},"items":[{"k":1}]}', ['items'])).toEqual([{ k: 1 }]);
  });

  it('names the record that is not valid JSON', () => {
    expect(() => collect('{"Report_Entry":[{"a":1},{"a":tru},{"a":3}]}', ['Report_Entry'])).toThrow(/record 2 is not valid JSON/);
    try {
      collect('[{"a":1},,{"a":3}]', []);
    } catch (e) {
      expect(e).toBeInstanceOf(MalformedJsonError);
      expect((e as MalformedJsonError).element).toBe(1);
      expect((e as Error).message).toMatch(/record 2 is empty/);
    }
  });

  it('reports a cut-off answer and text that is not JSON', () => {
    expect(() => collect('{"Report_Entry":[{"a":1},{"a":', ['Report_Entry'])).toThrow(/cut off/);
    expect(() => collect('<html><body>Login</body></html>', ['Report_Entry'])).toThrow(/unexpected "<"/);
  });
});
