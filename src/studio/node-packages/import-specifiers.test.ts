import { describe, expect, it } from 'vitest';
import { ModuleScanError, scanImports } from './import-specifiers.ts';

const specs = (src: string) => scanImports(src).imports.map((i) => i.specifier);

describe('scanImports', () => {
  it('finds every form of static import and re-export, with its line', () => {
    const src = [
      "import a from './a.js';",
      'import * as b from "./b.js"',
      "import { c, d as e } from './c.js';",
      "import f, { g } from './f.js';",
      "import './side-effect.js';",
      "export * from './star.js';",
      "export * as ns from './ns.js';",
      "export { h, i as j } from './h.js';",
      "import data from './data.json' with { type: 'json' };",
      'import {',
      '  k,',
      "} from 'lodash';",
    ].join('\n');
    expect(scanImports(src).imports).toEqual([
      { specifier: './a.js', line: 1, dynamic: false },
      { specifier: './b.js', line: 2, dynamic: false },
      { specifier: './c.js', line: 3, dynamic: false },
      { specifier: './f.js', line: 4, dynamic: false },
      { specifier: './side-effect.js', line: 5, dynamic: false },
      { specifier: './star.js', line: 6, dynamic: false },
      { specifier: './ns.js', line: 7, dynamic: false },
      { specifier: './h.js', line: 8, dynamic: false },
      { specifier: './data.json', line: 9, dynamic: false },
      { specifier: 'lodash', line: 10, dynamic: false },
    ]);
  });

  it('finds import() with a string and reports a computed one by line', () => {
    const r = scanImports("const m = await import('./lazy.js');\nconst n = await import(`./tpl.js`);\nconst o = await import('./x/' + name);\nconst p = import(`./${name}.js`);");
    expect(r.imports).toEqual([
      { specifier: './lazy.js', line: 1, dynamic: true },
      { specifier: './tpl.js', line: 2, dynamic: true },
    ]);
    expect(r.computedImports).toEqual([3, 4]);
  });

  it('ignores imports inside comments, strings, templates and regular expressions', () => {
    const src = [
      "// import x from 'commented';",
      "/* import y from 'block';",
      "   export * from 'block2' */",
      "const s = \"import z from 'in-string'\";",
      "const t = `import w from 'in-template' ${1 + 2} import v from 'also'`;",
      "const r = /import u from 'in-regex'/g;",
      "const q = a / b / c; import ok from './ok.js';",
      "const r2 = x.replace(/[/]import 'no'/, '');",
    ].join('\n');
    expect(specs(src)).toEqual(['./ok.js']);
  });

  it('is not fooled by import.meta, properties and methods named import or export', () => {
    const src = [
      "const url = new URL('./x.bin', import.meta.url);",
      'const o = { import: 1, export: 2, from: "not-a-module" };',
      'loader.import(name);',
      'class L { import(spec) { return spec; } }',
      "import real from './real.js';",
    ].join('\n');
    const r = scanImports(src);
    expect(r.imports.map((i) => i.specifier)).toEqual(['./real.js']);
    expect(r.computedImports).toEqual([]);
  });

  it('follows template literals with nested braces and regular expressions after them', () => {
    const src = "const a = `${{ b: 1 }.b}`; const c = `${`${d}`}` / 2; import e from './e.js';\nif (x) { } /re/.test(y); export { f } from './f.js';";
    expect(specs(src)).toEqual(['./e.js', './f.js']);
  });

  it('skips a hashbang line and refuses unterminated syntax naming the line', () => {
    expect(specs("#!/usr/bin/env node\nimport a from './a.js';")).toEqual(['./a.js']);
    expect(() => scanImports("const a = 1;\nconst s = 'open")).toThrow(new ModuleScanError('an unterminated string starts on line 2'));
    expect(() => scanImports('/* never closed')).toThrow(/unterminated comment starts on line 1/);
  });

  it('reads the example node package as the browser will load it', async () => {
    const { readFileSync } = await import('node:fs');
    expect(specs(readFileSync('examples/node-package/index.js', 'utf8'))).toEqual(['./pay-compa-ratio.js']);
    expect(specs(readFileSync('examples/node-package/pay-compa-ratio.js', 'utf8'))).toEqual(['./compa-ratio.js']);
    expect(specs(readFileSync('examples/node-package/compa-ratio.js', 'utf8'))).toEqual([]);
  });
});
