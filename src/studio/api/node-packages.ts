/**
 * GET /api/node-packages → { settings, accepted: [{ name, version?, types, source, from, entry, files }],
 * refused: [{ package, reason, source, from }] }: the node packages of this studio (workspace settings
 * and `--nodes`), checked at start-up (src/studio/node-packages/). The designer imports each `entry`
 * (a same-origin URL under /node-packages/) in the page and in its workers, and lists the refused ones
 * with their reason in the palette. `settings` names the file that lists them.
 */
import { NO_NODE_PACKAGES, nodePackageFileUrl } from '../node-packages/served-packages.ts';
import { WORKSPACE_MARKER } from '../workspace/workspace.ts';
import { json, type RouteModule } from './router.ts';

export const nodePackageRoutes: RouteModule = (studio) => [
  {
    method: 'GET',
    path: '/api/node-packages',
    handle: async () => {
      const packages = studio.nodePackages ?? NO_NODE_PACKAGES;
      return json(200, {
        settings: WORKSPACE_MARKER,
        accepted: packages.accepted.map((p) => ({
          name: p.name,
          ...(p.version ? { version: p.version } : {}),
          types: p.types,
          source: p.source,
          from: p.from,
          entry: p.entry,
          files: [...p.files.keys()].map((f) => nodePackageFileUrl(p.name, f)),
        })),
        refused: packages.refused,
      });
    },
  },
];
