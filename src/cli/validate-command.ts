import { compile } from '../core/compiler.ts';
import { cliDatasetProvider, formatProblem, loadPipelineFile, schemaEnvFor } from './load-pipeline.ts';
import { registryWithNodePackages } from './node-packages-option.ts';

export async function validateCommand(o: { file: string; dataDir?: string; nodePackages?: string[] }): Promise<number> {
  const { doc, errors } = await loadPipelineFile(o.file);
  if (!doc) {
    for (const e of errors) console.log(e);
    return 1;
  }
  const { registry } = await registryWithNodePackages(o.nodePackages);
  const env = await schemaEnvFor(doc, registry, cliDatasetProvider(o.file, o.dataDir));
  const result = compile(doc, registry, { env });
  for (const p of result.problems) console.log(formatProblem(p));
  if (result.problems.length === 0) console.log(`${o.file}: valid (${doc.nodes.length} nodes, ${doc.edges.length} edges).`);
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
