/**
 * Test helper: trains "Repaired model", a copy of the capability pipeline with a disparate-impact
 * remover before the split, into a registry. The remover repairs feature values in place, so a raw batch
 * with the same column names is not the model's input: its scoring pipeline cannot be replayed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crispflow, repoRoot } from '../../cli/testing/run-cli.ts';

export const REPAIRED_MODEL = 'Repaired model';

/** Writes the pipeline into `work`, runs it with `registry` and returns the CLI's result. */
export function trainRepairedCapabilityModel(work: string, registry: string): { code: number | null; stderr: string } {
  const doc = JSON.parse(readFileSync(path.join(repoRoot, 'src/monitoring/testing/capability-model.pipeline.json'), 'utf8'));
  doc.metadata.name = 'Repaired capability model';
  delete doc.metadata.schedule;
  doc.nodes.push({ id: 'repair', type: 'disparate-impact-remover', version: 1, label: 'Repair features', params: { protected: ['group'], features: ['kpi_score', 'peer_rating'], repairLevel: 1 }, position: { x: 130, y: 200 } });
  doc.nodes.find((n: { id: string }) => n.id === 'train-lr').label = REPAIRED_MODEL;
  doc.edges = doc.edges.filter((e: { to: { node: string } }) => e.to.node !== 'split');
  doc.edges.push({ from: { node: 'source', port: 'table' }, to: { node: 'repair', port: 'table' } }, { from: { node: 'repair', port: 'table' }, to: { node: 'split', port: 'table' } });
  const file = path.join(work, 'repaired.pipeline.json');
  writeFileSync(file, JSON.stringify(doc));
  return crispflow(['run', file, '--out', path.join(work, 'out-repaired'), '--registry', registry]);
}
