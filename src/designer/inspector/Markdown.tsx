import type { ReactNode } from 'react';
import { parseMarkdown, type Inline } from './markdown.ts';

/** Parsed READMEs by text: the inspector mounts afresh for every selected node, the help rarely differs. */
const parsed = new Map<string, ReturnType<typeof parseMarkdown>>();
function parseOnce(source: string): ReturnType<typeof parseMarkdown> {
  let blocks = parsed.get(source);
  if (!blocks) {
    blocks = parseMarkdown(source);
    if (parsed.size > 100) parsed.clear(); // node help is a bounded set; anything else must not pile up
    parsed.set(source, blocks);
  }
  return blocks;
}

function renderInline(parts: Inline[]): ReactNode[] {
  return parts.map((p, i) => {
    switch (p.kind) {
      case 'bold':
        return <strong key={i}>{p.text}</strong>;
      case 'italic':
        return <em key={i}>{p.text}</em>;
      case 'code':
        return <code key={i}>{p.text}</code>;
      default:
        return p.text;
    }
  });
}

/** Renders a node README safely: React elements only, never raw HTML. */
export function Markdown({ source, headingOffset = 2 }: { source: string; headingOffset?: number }) {
  const blocks = parseOnce(source);
  return (
    <div className="cf-markdown">
      {blocks.map((b, i) => {
        switch (b.kind) {
          case 'heading': {
            const level = Math.min(6, b.level + headingOffset);
            const H = `h${level}` as 'h3';
            return <H key={i}>{renderInline(b.content)}</H>;
          }
          case 'paragraph':
            return <p key={i}>{renderInline(b.content)}</p>;
          case 'code':
            return (
              <pre key={i}>
                <code>{b.text}</code>
              </pre>
            );
          case 'list': {
            const L = b.ordered ? 'ol' : 'ul';
            return (
              <L key={i}>
                {b.items.map((item, j) => (
                  <li key={j}>{renderInline(item)}</li>
                ))}
              </L>
            );
          }
        }
      })}
    </div>
  );
}
