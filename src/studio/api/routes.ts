/**
 * Every route module of the studio API. To add routes: write src/studio/api/<thing>.ts exporting a
 * RouteModule (see router.ts), import it here and add it to the list below — one import, one line.
 */
import { connectionRoutes } from './connections.ts';
import { datasetRoutes } from './datasets.ts';
import { healthRoutes } from './health.ts';
import { lessonProgressRoutes } from './lesson-progress.ts';
import { modelRoutes } from './models.ts';
import { monitoringRoutes } from './monitoring.ts';
import { nodePackageRoutes } from './node-packages.ts';
import type { RouteModule } from './router.ts';
import { runRoutes } from './runs.ts';

export const ROUTE_MODULES: RouteModule[] = [
  healthRoutes,
  datasetRoutes,
  modelRoutes,
  runRoutes,
  connectionRoutes,
  monitoringRoutes,
  nodePackageRoutes,
  lessonProgressRoutes,
];
