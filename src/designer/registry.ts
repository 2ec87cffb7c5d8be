/**
 * The designer's node registry: every built-in node with its README.md as in-app help.
 * Node definitions keep TF.js behind dynamic imports inside run(), so this stays out of the main chunk.
 */
import { createBuiltinRegistry } from '../../nodes/index.ts';
import type { NodeRegistry } from '../core/registry.ts';

const readmes = import.meta.glob('../../nodes/*/README.md', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** README text per node type, from the folder name (nodes/<type>/README.md). */
export function nodeHelp(): Record<string, string> {
  const help: Record<string, string> = {};
  for (const [path, text] of Object.entries(readmes)) {
    const m = /nodes\/([^/]+)\/README\.md$/.exec(path);
    if (m) help[m[1]] = text;
  }
  return help;
}

export function createDesignerRegistry(): NodeRegistry {
  return createBuiltinRegistry(nodeHelp());
}
