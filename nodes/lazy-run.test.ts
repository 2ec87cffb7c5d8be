import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { builtinNodes } from './index.ts';

/**
 * The designer imports the node list on its main thread, where nodes are described but never run: their
 * run code and what it imports (ML kernels, the CSV/Excel readers, TF.js, lexicons) must be reachable from
 * nodes/index.ts only through dynamic imports, or it lands in the app's start-up bundle (issue 3: initial
 * JavaScript ≤ 400 KB gzip). This walks the static imports the way a bundler does.
 */
async function staticallyImported(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'browser', logLevel: 'silent', outdir: '/tmp/lazy-run-check', splitting: true, external: ['@tensorflow/*'] });
  const inputs = result.metafile.inputs;
  const seen = new Set<string>();
  const queue = Object.keys(inputs).filter((p) => p.endsWith('nodes/index.ts'));
  while (queue.length) {
    const p = queue.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    for (const i of inputs[p]?.imports ?? []) if (i.kind === 'import-statement') queue.push(i.path);
  }
  return [...seen];
}

describe('node run code stays out of what describes the nodes', () => {
  it('nodes/index.ts reaches no run module, reader or heavy kernel through static imports', async () => {
    const reached = await staticallyImported(fileURLToPath(new URL('./index.ts', import.meta.url)));
    expect(reached.some((p) => p.endsWith('nodes/logistic-regression/index.ts'))).toBe(true);
    // Run modules, readers, kernels and the training code behind the scorers and constants the descriptions use.
    const heavy = reached.filter((p) =>
      /nodes\/[^/]+\/run\.ts$|src\/io\/import\.ts|src\/ml\/text\/(anonymize|tfidf|sentiment)\.ts|src\/ml\/explain\/tree-shap-kernel\.ts|src\/ml\/neural\/(mlp|mlp-fold|adversarial-debiasing)\.ts|src\/ml\/boosting\/(fold-kernel|gradient-boosting)\.ts|src\/ml\/forest\/(grow-trees|random-forest)\.ts|src\/ml\/drift\/feature-drift\.ts|src\/ml\/fairness\/(fairness-metrics|bias-audit)\.ts|node_modules\/(papaparse|sentiment|@tensorflow)\//.test(p),
    );
    expect(heavy).toEqual([]);
  });

  it('every built-in node still has a run function, which loads its module on the first call', async () => {
    for (const def of builtinNodes) expect(typeof def.run, def.type).toBe('function');
    const select = builtinNodes.find((d) => d.type === 'select-columns')!;
    const table = { nRows: 1, columns: [{ name: 'a', type: 'number', values: new Float64Array([4]) }, { name: 'b', type: 'number', values: new Float64Array([5]) }] };
    const ctx = { nodeId: 'sc', log() {}, progress() {} } as never;
    const out = (await select.run({ inputs: { table }, params: { columns: ['b'], mode: 'keep' }, ctx })) as { table: typeof table };
    expect(out.table.columns.map((c) => c.name)).toEqual(['b']);
    expect([...out.table.columns[0].values]).toEqual([5]);
  });
});
