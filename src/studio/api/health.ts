/**
 * GET /api/health → { mode: "studio", version, workspace: <folder name>, limits }: how the designer tells
 * it runs in a studio. Nothing secret (no paths beyond the folder's name, no token, no key).
 */
import { json, type RouteModule } from './router.ts';

export const healthRoutes: RouteModule = (studio) => [
  {
    method: 'GET',
    path: '/api/health',
    handle: async () =>
      json(200, {
        mode: 'studio',
        version: studio.version,
        workspace: studio.workspace.name,
        limits: { maxDatasetBytes: studio.limits.maxDatasetBytes, maxJsonBytes: studio.limits.maxJsonBytes },
      }),
  },
];
