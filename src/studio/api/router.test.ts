import { describe, expect, it } from 'vitest';
import type { StudioContext } from '../studio-context.ts';
import { createRouter, json, type RouteModule } from './router.ts';

const studio = {} as StudioContext;
const mod: RouteModule = () => [
  { method: 'GET', path: '/api/things', handle: async () => json(200, []) },
  { method: 'GET', path: '/api/things/:name', handle: async () => json(200, 'one') },
  { method: 'GET', path: '/api/things/special', handle: async () => json(200, 'special') },
  { method: 'PUT', path: '/api/things/:name', handle: async () => json(200, 'put') },
];

describe('studio API router', () => {
  const route = createRouter([mod], studio);

  it('matches literal paths and decodes parameters once', () => {
    expect(route('GET', '/api/things')).toMatchObject({ kind: 'found', params: {} });
    expect(route('GET', '/api/things/a%20b%2Fc')).toMatchObject({ kind: 'found', params: { name: 'a b/c' } });
    expect(route('GET', '/api/things/%252e')).toMatchObject({ kind: 'found', params: { name: '%2e' } });
  });

  it('prefers a literal segment over a parameter, whatever the order of declaration', async () => {
    const m = route('GET', '/api/things/special');
    expect(m.kind === 'found' && (await m.route.handle({} as never))).toEqual({ status: 200, json: 'special', headers: undefined });
  });

  it('tells a wrong method (with the allowed ones) from an unknown path, and refuses bad escapes', () => {
    expect(route('DELETE', '/api/things/x')).toEqual({ kind: 'method-not-allowed', allow: ['GET', 'PUT'] });
    expect(route('GET', '/api/things/x/y')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/api/things/')).toEqual({ kind: 'not-found' });
    expect(route('HEAD', '/api/things')).toMatchObject({ kind: 'found' });
    expect(route('GET', '/api/things/%E0%A4%A')).toMatchObject({ kind: 'bad-segment' });
  });

  it('refuses two modules answering the same method and pattern, and paths outside /api', () => {
    expect(() => createRouter([mod, mod], studio)).toThrow(/Two studio routes answer GET \/api\/things/);
    expect(() => createRouter([() => [{ method: 'GET', path: '/other', handle: async () => json(200, 1) }]], studio)).toThrow(/must start with \/api/);
  });
});
