/**
 * Talking to the studio's /api (docs/studio-api.md) from the designer: every call carries the session
 * token as "Authorization: Bearer …"; an error answer becomes an Error with the studio's own sentence.
 * detectStudio() decides the mode once per page: "studio" when GET /api/health answers as a studio,
 * else "browser" (static hosting, `vite preview`, a laptop with no studio), where everything stays in IndexedDB.
 */
import { createStore } from 'zustand/vanilla';
import { studioErrorFrom } from './studio-error.ts';
import { studioToken } from './studio-token.ts';

export interface StudioHealth {
  mode: 'studio';
  version: string;
  workspace: string;
  limits?: { maxDatasetBytes: number; maxJsonBytes: number };
}

export type StudioMode =
  | { mode: 'detecting' }
  | { mode: 'studio'; health: StudioHealth }
  | { mode: 'browser'; note?: string };

export const studioState = createStore<StudioMode>(() => ({ mode: 'detecting' }));

/** The studio's health when the page runs in one, else undefined. */
export function activeStudio(): StudioHealth | undefined {
  const s = studioState.getState();
  return s.mode === 'studio' ? s.health : undefined;
}

export { StudioError } from './studio-error.ts';

/** fetch() on the studio API with the token; throws StudioError with the studio's message on a non-2xx answer. */
export async function studioFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = studioToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers, cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw await studioErrorFrom(res, path);
  return res;
}

export async function studioJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await studioFetch(path, init)).json()) as T;
}

export const putJson = (path: string, body: unknown, method = 'PUT'): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

const isHealth = (v: unknown): v is StudioHealth =>
  typeof v === 'object' && v !== null && (v as StudioHealth).mode === 'studio' && typeof (v as StudioHealth).workspace === 'string';

/** Asks GET /api/health once; sets studioState. Never throws: anything but a studio's answer is browser-only mode. */
export async function detectStudio(): Promise<StudioMode> {
  let next: StudioMode;
  try {
    const token = studioToken();
    const res = await fetch('/api/health', { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
    const type = res.headers.get('content-type') ?? '';
    if (res.status === 401 && type.includes('json')) {
      next = { mode: 'browser', note: 'A Crispflow studio serves this page, but this tab has no valid session token: open the address the studio printed (…/?token=…) to use its workspace.' };
    } else if (res.ok && type.includes('json')) {
      const body = (await res.json()) as unknown;
      next = isHealth(body) ? { mode: 'studio', health: body } : { mode: 'browser' };
    } else next = { mode: 'browser' };
  } catch {
    next = { mode: 'browser' };
  }
  studioState.setState(next, true);
  return next;
}
