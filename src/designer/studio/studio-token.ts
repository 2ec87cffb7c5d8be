/**
 * The studio's session token on the page. The studio prints and opens `http://127.0.0.1:<port>/?token=…`;
 * at start-up the page takes the token from the address once, keeps it in sessionStorage (this tab only,
 * gone when the tab closes) and removes it from the address bar and the history entry, so it is not
 * bookmarked, shared with a screenshot or sent on as a Referer (the studio also sends Referrer-Policy: no-referrer).
 */
export const TOKEN_STORAGE_KEY = 'crispflow.studio.token';
const TOKEN_TEXT = /^[\x21-\x7e]{16,512}$/;

interface TokenEnvironment {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Moves a `token` query parameter into session storage; returns the token in use (or undefined). */
export function captureStudioToken(env: TokenEnvironment = { location: window.location, history: window.history, storage: window.sessionStorage }): string | undefined {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (TOKEN_TEXT.test(fromUrl)) env.storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  }
  const kept = env.storage.getItem(TOKEN_STORAGE_KEY);
  return kept && TOKEN_TEXT.test(kept) ? kept : undefined;
}

let token: string | undefined;
let captured = false;

/** The token of this tab (captured on first use). */
export function studioToken(): string | undefined {
  if (!captured && typeof window !== 'undefined') {
    captured = true;
    try {
      token = captureStudioToken();
    } catch {
      token = undefined; // storage disabled: browser-only mode
    }
  }
  return token;
}
