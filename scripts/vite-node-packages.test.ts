import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodePackageSpecs, nodePackagesModule } from './vite-node-packages.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('build-time node packages for the designer', () => {
  it('reads a comma-separated CRISPFLOW_NODE_PACKAGES', () => {
    expect(nodePackageSpecs(' examples/node-package, @acme/nodes ,')).toEqual(['examples/node-package', '@acme/nodes']);
    expect(nodePackageSpecs('')).toEqual([]);
  });

  it('imports each usable package statically and keeps the unusable ones with their reason', () => {
    const warnings: string[] = [];
    const code = nodePackagesModule(['examples/node-package', './no-such-folder'], root, (m) => warnings.push(m));
    expect(code).toContain(`import * as package0 from ${JSON.stringify(path.join(root, 'examples/node-package/index.js'))};`);
    expect(code).toContain('{ ...{"name":"crispflow-nodes-pay-equity","version":"1.0.0"}, module: package0 }');
    expect(code).toContain(`{"name":"./no-such-folder","error":"the folder ${path.join(root, 'no-such-folder')} does not exist."}`);
    expect(warnings).toEqual([`Node package "./no-such-folder" is left out of the designer: the folder ${path.join(root, 'no-such-folder')} does not exist.`]);
  });
});
