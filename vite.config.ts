import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { crispflowNodePackages } from './scripts/vite-node-packages.ts';
import { metaContentSecurityPolicy, securityHeaders } from './src/studio/http/security-headers.ts';
import { precompressAssets } from './src/studio/http/precompress.ts';

// The security headers (CSP, COOP/COEP) are defined once, for this config and the studio server.
// The built index.html also carries the CSP as a <meta> (without frame-ancestors, which browsers ignore in
// a meta policy), so a static host that sends no headers still keeps the app from reaching other origins.
function cspMetaTag(): Plugin {
  return {
    name: 'crispflow-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy() }, injectTo: 'head-prepend' }],
    },
  };
}

export default defineConfig({
  // Extension nodes for the designer, named at build time: CRISPFLOW_NODE_PACKAGES (docs/extending.md).
  plugins: [react(), crispflowNodePackages(), cspMetaTag(), precompressAssets()],
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
