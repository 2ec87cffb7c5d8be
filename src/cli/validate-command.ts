import { compile } from '../core/compiler.ts';
import { EXIT } from './exit-codes.ts';
import { cliDatasetProvider, formatProblem, loadPipelineFile, schemaEnvFor } from './load-pipeline.ts';
import { registryWithNodePackages } from './node-packages-option.ts';

/** Prints every problem with its node id; exit 1 (EXIT.nodeFailed, the general failure code) when any is an error; warnings alone pass. */
export async function validateCommand(o: { file: string; dataDir?: string; nodePackages?: string[] }): Promise<number> {
  const { doc, errors } = await loadPipelineFile(o.file);
  if (!doc) {
    for (const e of errors) console.log(e);
    return EXIT.nodeFailed;
  }
  const { registry } = await registryWithNodePackages(o.nodePackages);
  const env = await schemaEnvFor(doc, registry, cliDatasetProvider(o.file, o.dataDir));
  const result = compile(doc, registry, { env });
  for (const p of result.problems) console.log(formatProblem(p));
  const errorCount = result.problems.filter((p) => p.severity === 'error').length;
  if (errorCount > 0) return EXIT.nodeFailed;
  const warnings = result.problems.length;
  console.log(
    `${o.file}: valid (${doc.nodes.length} nodes, ${doc.edges.length} edges)${warnings ? `, with ${warnings} warning${warnings === 1 ? '' : 's'} above` : ''}.`,
  );
  return EXIT.ok;
}
