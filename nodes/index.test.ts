import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinNodes } from './index.ts';

describe('the built-in node list', () => {
  it('has one node per folder, in alphabetical order of the type, each folder named after its type', () => {
    const types = builtinNodes.map((d) => d.type);
    expect(types).toEqual([...types].sort());
    const folders = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
      .map((e) => e.name)
      .sort();
    expect(types).toEqual(folders);
  });
});
