/**
 * The app's security headers, one definition for the Vite dev/preview servers (vite.config.ts), the
 * CSP <meta> written into the built index.html, and the studio server.
 *
 * Cross-origin isolation (SharedArrayBuffer, precise timers) and a CSP that keeps data on the machine:
 * connect-src 'self' means nothing the app runs can send a request to another origin.
 * The dev server alone also allows React refresh's inline preamble and its HMR websocket.
 */

function cspDirectives(dev: boolean): string[] {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${dev ? " 'unsafe-inline'" : ''}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws://localhost:*' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
}

export function securityHeaders({ dev }: { dev: boolean }): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Content-Security-Policy': cspDirectives(dev).join('; '),
  };
}

/**
 * The CSP as a <meta http-equiv> may carry it: browsers ignore frame-ancestors (and report-uri, sandbox)
 * in a meta policy, so it is left out here; only a response header can forbid framing. COOP/COEP cannot be
 * set by meta at all: a static host that wants cross-origin isolation must still send them as headers.
 */
export function metaContentSecurityPolicy(): string {
  return cspDirectives(false)
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
}

/** Headers the studio adds to every answer of its own (static files and API). */
export const STUDIO_BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // The page's address carries the session token on first load: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
