import { describe, expect, it } from 'vitest';
import { captureStudioToken, TOKEN_STORAGE_KEY } from './studio-token.ts';

function env(href: string, stored?: string) {
  const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    env: {
      location: { href },
      history: { state: { s: 1 }, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    },
  };
}

const TOKEN = 'vjyKjPCJDlwERFkGY8v1G-EEnYpagHLBAPMn7iNkFWM';

describe('captureStudioToken', () => {
  it('takes the token from the address once, keeps it in session storage and removes it from the address bar', () => {
    const e = env(`http://127.0.0.1:4173/?token=${TOKEN}&lesson=2#canvas`);
    expect(captureStudioToken(e.env)).toBe(TOKEN);
    expect(e.storage.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(e.replaced).toEqual(['/?lesson=2#canvas']);
  });

  it('uses the kept token after a reload without it in the address, and nothing when there is none', () => {
    const reload = env('http://127.0.0.1:4173/', TOKEN);
    expect(captureStudioToken(reload.env)).toBe(TOKEN);
    expect(reload.replaced).toEqual([]);
    expect(captureStudioToken(env('http://localhost:4173/').env)).toBeUndefined();
  });

  it('removes a malformed token from the address without keeping it', () => {
    const e = env('http://127.0.0.1:4173/?token=%0Ashort');
    expect(captureStudioToken(e.env)).toBeUndefined();
    expect(e.replaced).toEqual(['/']);
    expect(e.storage.size).toBe(0);
  });
});
