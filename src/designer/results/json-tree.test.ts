import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { JsonTree, tableKeys } from './JsonTree.tsx';

describe('JSON tree', () => {
  it('shows arrays of flat records as tables', () => {
    expect(tableKeys([{ row: 4, column: 'age' }, { row: 9, value: 'x' }])).toEqual(['row', 'column', 'value']);
    expect(tableKeys([{ a: { nested: 1 } }])).toBeUndefined();
    expect(tableKeys([1, 2])).toBeUndefined();
    expect(tableKeys([])).toBeUndefined();
  });

  it('renders hostile strings as text, never as markup', () => {
    const html = renderToStaticMarkup(
      createElement(JsonTree, { value: { note: '<img src=x onerror=alert(1)>', rows: [{ v: '<script>alert(1)</script>' }], w: Float64Array.from([1, 2]) } }),
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('Float64Array(2) [1, 2]');
  });
});
