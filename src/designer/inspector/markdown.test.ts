import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown.ts';

describe('markdown', () => {
  it('parses headings, paragraphs, lists and code', () => {
    const blocks = parseMarkdown('# Title\n\nSome **bold** text\nwrapped.\n\n- one\n- `two`\n  more\n\n1. first\n2. second\n\n```\nx = 1\n```');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: 'Title' }] },
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: 'Some ' },
          { kind: 'bold', text: 'bold' },
          { kind: 'text', text: ' text wrapped.' },
        ],
      },
      {
        kind: 'list',
        ordered: false,
        items: [[{ kind: 'text', text: 'one' }], [{ kind: 'code', text: 'two' }, { kind: 'text', text: ' more' }]],
      },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'first' }], [{ kind: 'text', text: 'second' }]] },
      { kind: 'code', text: 'x = 1' },
    ]);
  });

  it('keeps HTML as plain text', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('reads italics and leaves snake_case words alone', () => {
    expect(parseInline('*C* and _weight_ and max_iter')).toEqual([
      { kind: 'italic', text: 'C' },
      { kind: 'text', text: ' and ' },
      { kind: 'italic', text: 'weight' },
      { kind: 'text', text: ' and max_iter' },
    ]);
  });
});
