import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { crispflowNodePackages } from './scripts/vite-node-packages.ts';

// Cross-origin isolation (SharedArrayBuffer, precise timers) and a CSP that keeps data on the machine:
// connect-src 'self' means nothing the app runs can send a request to another origin.
// The dev server alone also allows React refresh's inline preamble and its HMR websocket.
function securityHeaders({ dev }: { dev: boolean }) {
  const csp = [
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
  ].join('; ');
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Content-Security-Policy': csp,
  };
}

export default defineConfig({
  // Extension nodes for the designer, named at build time: CRISPFLOW_NODE_PACKAGES (docs/extending.md).
  plugins: [react(), crispflowNodePackages()],
  server: { headers: securityHeaders({ dev: true }) },
  preview: { headers: securityHeaders({ dev: false }), port: 4173, strictPort: true },
  worker: { format: 'es', plugins: () => [crispflowNodePackages()] },
  optimizeDeps: { entries: ['index.html', 'src/runtime/browser/*.worker.ts'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts', 'nodes/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/**/*.test.{ts,js}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds the CLI bundle the CLI tests run (bin/crispflow.mjs) when it is missing or stale.
    globalSetup: ['scripts/vitest-build-cli.mjs'],
  },
});
