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

/**
 * Worker bundles: node run code is loaded on a node's first run (`withLazyRun` in src/core/node-definition.ts),
 * and would otherwise come as one small chunk per node plus chunks for the kernels they share. Everything a
 * worker loads only on demand (in the pool worker: the node run code) goes into one `on-demand` chunk
 * instead: the first run fetches one file, and a worker's start stays as light as its entry. Libraries keep
 * their own chunks (TF.js and the Excel reader are large and only some nodes use them), except the small
 * ones the run code always needs.
 */
const library = /[\\/]node_modules[\\/]/;
const smallRunLibrary = /[\\/]node_modules[\\/](papaparse|sentiment)[\\/]/;
function workerChunkName(id: string, ctx: { getModuleInfo(id: string): { isEntry: boolean; importers: readonly string[] } | null }): string | null {
  if (library.test(id) && !smallRunLibrary.test(id)) return null;
  const seen = new Set<string>();
  // Statically reachable from the worker's entry: part of the entry chunk already.
  const atStart = (m: string): boolean => {
    if (seen.has(m)) return false;
    seen.add(m);
    const info = ctx.getModuleInfo(m);
    return !!info && (info.isEntry || info.importers.some(atStart));
  };
  return atStart(id) ? null : 'on-demand';
}

export default defineConfig({
  // Extension nodes for the designer, named at build time: CRISPFLOW_NODE_PACKAGES (docs/extending.md).
  plugins: [react(), crispflowNodePackages(), cspMetaTag(), precompressAssets()],
  server: { headers: securityHeaders({ dev: true }) },
  preview: { headers: securityHeaders({ dev: false }), port: 4173, strictPort: true },
  worker: {
    format: 'es',
    plugins: () => [crispflowNodePackages()],
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: workerChunkName, includeDependenciesRecursively: false }] } } },
  },
  optimizeDeps: { entries: ['index.html', 'src/runtime/browser/*.worker.ts'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // Everything the page imports at start in one chunk: modules it shares with lazily loaded code (node run
    // code, viewers) would otherwise become a dozen small start-up chunks, one request each.
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } },
      // src/ml, src/io and the node folders are pure modules (no DOM, nothing done on import; the lint rules
      // keep them so): when the page uses none of a module's exports, its top-level tables and regexes go too.
      treeshake: { moduleSideEffects: [{ test: /[\\/](src[\\/](ml|io)|nodes)[\\/][^?]*\.ts$/, sideEffects: false }] },
    },
  },
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
