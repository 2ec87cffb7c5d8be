import { describe, expect, it } from 'vitest';
import { defineNode, type AnyNodeDefinition } from './node-definition.ts';
import { nodeApi } from './node-api.ts';
import { composeRegistry, definitionsFromModule, readNodePackageManifest } from './node-packages.ts';

const def = (type: string, extra: Partial<AnyNodeDefinition> = {}): AnyNodeDefinition =>
  defineNode({ type, version: 1, title: type, phase: 'data-preparation', category: 'Features', summary: 's', inputs: {}, outputs: {}, params: {}, run: async () => ({}), ...extra });
const pkg = (name: string, defs: AnyNodeDefinition[] | (() => never)) => ({ name, version: '1.0.0', load: async () => (typeof defs === 'function' ? defs() : defs) });

describe('node packages (host-neutral part)', () => {
  it('reads a manifest, accepting the API version as a string or a number', () => {
    expect(readNodePackageManifest({ nodeApi: 1, nodes: './index.js' }, 'acme', '2.0.0')).toEqual({ name: 'acme', version: '2.0.0', nodeApi: '1', nodes: './index.js' });
    expect(() => readNodePackageManifest({ nodes: './index.js' }, 'acme')).toThrow('its manifest does not say which node API it needs; add "nodeApi": "1".');
    expect(() => readNodePackageManifest({ nodeApi: '1' }, 'acme')).toThrow('its manifest does not name its entry module');
  });

  it('takes definitions from a default function (given the node API), a default array or `nodes`', () => {
    let seen: unknown;
    expect(definitionsFromModule({ default: (api: unknown) => ((seen = api), [def('a')]) }).map((d) => d.type)).toEqual(['a']);
    expect(seen).toBe(nodeApi);
    expect(definitionsFromModule({ default: [def('b')] }).map((d) => d.type)).toEqual(['b']);
    expect(definitionsFromModule({ nodes: [def('c')] }).map((d) => d.type)).toEqual(['c']);
    expect(() => definitionsFromModule({ something: 1 })).toThrow('its entry module exports no node definitions');
    expect(() => definitionsFromModule({ default: async () => [def('d')] })).toThrow('its entry function returned a promise; return the array of definitions itself.');
  });

  it('adds packages in order, marks their nodes as extensions, and refuses a broken one whole', async () => {
    const { registry, loaded, refused } = await composeRegistry(
      [def('builtin')],
      [
        pkg('good', [def('good-one'), def('good-two')]),
        pkg('half-bad', [def('fine'), def('builtin')]),
        pkg('late-duplicate', [def('good-one')]),
        pkg('crashing', () => {
          throw new Error('boom');
        }),
        pkg('empty', []),
        pkg('kernel-clash', [def('kc', { kernels: { k: () => 1 } })]),
        pkg('kernel-clash-2', [def('kc2', { kernels: { k: () => 2 } })]),
      ],
    );
    expect(registry.list().map((d) => d.type)).toEqual(['builtin', 'good-one', 'good-two', 'kc']);
    expect(registry.get('good-one')?.origin).toEqual({ package: 'good', version: '1.0.0' });
    expect(registry.get('builtin')?.origin).toBeUndefined();
    expect(loaded.map((p) => p.name)).toEqual(['good', 'kernel-clash']);
    expect(refused).toEqual([
      { package: 'half-bad', reason: 'node type "builtin" is already taken by a built-in node; rename the type.' },
      { package: 'late-duplicate', reason: 'node type "good-one" is already taken by package "good"; rename the type.' },
      { package: 'crashing', reason: 'it failed while loading: boom' },
      { package: 'empty', reason: 'it exports an empty node list.' },
      { package: 'kernel-clash-2', reason: 'Node type "kc2" declares the parallel kernel "k", which node type "kc" already declares differently. Give it another name.' },
    ]);
  });

  it('names what is wrong in an invalid definition', async () => {
    const bad = { ...def('ok-type'), version: 0, inputs: { t: { type: 'tabel' } }, params: { n: { kind: 'number', default: 5, max: 1 } }, run: undefined } as unknown as AnyNodeDefinition;
    const { refused } = await composeRegistry([], [pkg('bad', [bad])]);
    expect(refused[0].reason).toBe(
      'its definitions are invalid: node "ok-type" needs a whole "version" of 1 or more; node "ok-type": input "t" has type "tabel"; use one of table, predictions, model, metrics, fairness, explanation, review, report; node "ok-type": param "n" has a default that must be at most 1; node "ok-type" needs a run({ inputs, params, ctx }) function.',
    );
  });
});
