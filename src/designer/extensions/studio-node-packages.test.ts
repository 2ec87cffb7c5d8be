/**
 * The designer side of a studio's node packages: reading GET /api/node-packages, importing the accepted
 * entries (here from file: URLs; in the browser from the studio's same-origin /node-packages/ URLs),
 * and composing them with the built-in nodes so that refusals and broken modules are reported by name.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinNodes } from '../../../nodes/index.ts';
import { composeRegistryFrom, describeRefusal } from '../../core/node-packages.ts';
import { importRuntimeNodePackages } from '../../runtime/browser/runtime-node-packages.ts';
import { fetchStudioNodePackages, studioNodePackages } from './studio-node-packages.ts';

const exampleEntry = pathToFileURL(path.resolve('examples/node-package/index.js')).href;

afterEach(() => {
  vi.unstubAllGlobals();
});

function answer(status: number, body: string, type = 'application/json; charset=utf-8') {
  const fetch = vi.fn(async () => new Response(body, { status, headers: { 'Content-Type': type } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('fetchStudioNodePackages', () => {
  it('asks the studio with the session token and returns its list', async () => {
    const list = { settings: 'crispflow-workspace.json', accepted: [{ name: 'p', version: '1.0.0', entry: '/node-packages/p/index.js', types: ['t'] }], refused: [{ package: 'q', reason: 'it needs node API 9' }] };
    const fetch = answer(200, JSON.stringify(list));
    expect(await fetchStudioNodePackages('tok-0123456789abcdef')).toEqual(list);
    expect(fetch).toHaveBeenCalledWith('/api/node-packages', expect.objectContaining({ headers: { Authorization: 'Bearer tok-0123456789abcdef' } }));
  });

  it('outside a studio session asks nothing, and a server that is no studio means no packages', async () => {
    const fetch = answer(200, '[]');
    expect(await fetchStudioNodePackages(undefined)).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
    answer(200, '<!doctype html>', 'text/html');
    expect(await fetchStudioNodePackages('tok-0123456789abcdef')).toBeUndefined();
    answer(404, '{"error":"Nothing at /api/node-packages."}');
    expect(await fetchStudioNodePackages('tok-0123456789abcdef')).toBeUndefined();
    answer(401, '{"error":"The session token is wrong."}');
    expect(await fetchStudioNodePackages('tok-0123456789abcdef')).toBeUndefined();
  });

  it('a studio error or a list that is not one is an error with the studio\'s sentence', async () => {
    answer(500, '{"error":"The studio failed on this request: disk full."}');
    await expect(fetchStudioNodePackages('tok-0123456789abcdef')).rejects.toThrow('The studio failed on this request: disk full.');
    answer(200, JSON.stringify({ accepted: [{ name: 'p', entry: 'https://elsewhere.example/p.js' }], refused: [] }));
    await expect(fetchStudioNodePackages('tok-0123456789abcdef')).rejects.toThrow('unexpected list');
  });
});

describe('importing run-time packages', () => {
  it('imports an accepted entry and composes its node as an extension beside the built-in nodes', async () => {
    const [example] = await importRuntimeNodePackages([{ name: 'crispflow-nodes-pay-equity', version: '1.0.0', url: exampleEntry }]);
    const composed = composeRegistryFrom(builtinNodes, [example]);
    expect(composed.refused).toEqual([]);
    expect(composed.registry.get('pay-compa-ratio')?.origin).toEqual({ package: 'crispflow-nodes-pay-equity', version: '1.0.0' });
    expect(composed.registry.list().length).toBe(builtinNodes.length + 1);
  });

  it('a module that cannot be imported and a studio refusal are refused by name, and the built-in nodes still load', async () => {
    const missing = pathToFileURL(path.resolve('examples/node-package/no-such-entry.js')).href;
    const { resolved, runtime } = await studioNodePackages(
      { accepted: [{ name: 'gone-nodes', entry: '/node-packages/gone-nodes/index.js' }], refused: [{ package: 'bare-import-nodes', reason: 'it cannot run in the browser as it is: index.js:1 imports "lodash-es".' }] },
      'http://127.0.0.1:9',
    );
    expect(runtime).toEqual([{ name: 'gone-nodes', url: 'http://127.0.0.1:9/node-packages/gone-nodes/index.js' }]);
    const [broken] = await importRuntimeNodePackages([{ name: 'gone-nodes', url: missing }]);
    const composed = composeRegistryFrom(builtinNodes, [broken, resolved[1]]);
    expect(composed.refused.map(describeRefusal)).toEqual([
      expect.stringMatching(/^Node package "gone-nodes" was not loaded: its module could not be loaded in the browser \(.*no-such-entry\.js.*\); check the studio's output and reload\.$/),
      'Node package "bare-import-nodes" was not loaded: it cannot run in the browser as it is: index.js:1 imports "lodash-es".',
    ]);
    expect(composed.registry.list().length).toBe(builtinNodes.length);
    expect(composed.registry.has('dataset-source')).toBe(true);
  });
});
