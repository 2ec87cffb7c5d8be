/**
 * Builds the viewer lab (a developer page with synthetic results for every viewer) with the app's
 * own config and CSP, into its own folder:
 *   npx vite build --config src/designer/results/lab/vite.lab.config.ts
 *   npx vite preview --config src/designer/results/lab/vite.lab.config.ts
 * then open http://localhost:4199/src/designer/results/lab/viewer-lab.html
 */
import { mergeConfig } from 'vite';
import base from '../../../../vite.config.ts';

export default mergeConfig(base, {
  build: {
    outDir: 'out/viewer-lab',
    emptyOutDir: true,
    rollupOptions: { input: { lab: 'src/designer/results/lab/viewer-lab.html' } },
  },
  preview: { port: 4199, strictPort: true },
});
