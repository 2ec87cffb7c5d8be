/**
 * The random forest's training data exactly as the resume-screening template hands it to the tree kernel
 * (anonymise → split → TF-IDF → random forest: 8,000 rows × ~7,200 terms on the 10,000-resume sample),
 * captured once by running the template in this thread up to the forest node, and cached in os.tmpdir()
 * (v8-serialised ForestData) so kernel benchmarks start in a second.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { FOREST_KERNEL } from '../nodes/random-forest/index.ts';
import { withDefaults } from '../src/core/params.ts';
import type { ForestData, GrowTreesTask } from '../src/ml/forest/grow-trees.ts';
import { createNodeContext } from '../src/runtime/node-context.ts';
import { CASES, dataFor } from './memory.bench.ts';
import { compileBenchPipeline } from './node-profile.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CapturedForest {
  data: ForestData;
  /** Every tree's seed, in forest order (the tasks' seeds joined). */
  seeds: number[];
}

/** Thrown by the capturing ctx.parallel to stop the pipeline once the forest's data is in hand. */
class Captured extends Error {}

async function capture(dataDir: string): Promise<CapturedForest> {
  const pipelineFile = path.join(root, 'examples', 'resume-screening.pipeline.json');
  const { doc, registry, datasets, plan } = compileBenchPipeline(pipelineFile, dataDir);
  const outputs: Record<string, Record<string, unknown>> = {};
  let got: CapturedForest | null = null;
  for (const step of plan.steps) {
    const def = registry.get(step.type)!;
    const node = doc.nodes.find((n) => n.id === step.nodeId)!;
    const inputs: Record<string, unknown> = {};
    for (const [port, ref] of Object.entries(step.inputs)) inputs[port] = outputs[ref.node]?.[ref.port];
    for (const port of Object.keys(def.inputs)) if (!(port in inputs)) inputs[port] = undefined;
    const isForest = step.type === 'random-forest';
    const ctx = createNodeContext({
      nodeId: step.nodeId,
      pipelineSeed: plan.seed,
      readDataset: (ref) => datasets.read(ref),
      kernels: registry.kernel,
      ...(isForest
        ? {
            parallel: <T, R, S>(kernel: string, tasks: T[], shared?: S): Promise<R[]> => {
              if (kernel !== FOREST_KERNEL) throw new Error(`Unexpected kernel ${kernel} in the forest node.`);
              got = { data: shared as ForestData, seeds: (tasks as GrowTreesTask[]).flatMap((t) => t.seeds) };
              throw new Captured();
            },
          }
        : {}),
    });
    const params = withDefaults(def.params, node.params ?? {});
    try {
      outputs[step.nodeId] = (await def.run({ inputs, params, ctx })) as Record<string, unknown>;
    } catch (e) {
      if (got) return got;
      throw e;
    }
    if (isForest) break;
  }
  throw new Error('The resume template has no random-forest node that reached its kernel.');
}

/** The resume template's forest data at 1× (10,000 resumes), from the cache or captured now. */
export async function resumeForestData(): Promise<CapturedForest> {
  const file = path.join(os.tmpdir(), 'crispflow-forest-kernel-resume-1x.v8');
  if (existsSync(file)) return v8.deserialize(readFileSync(file)) as CapturedForest;
  const c = CASES.find((k) => k.key === 'resume-1x')!;
  process.stderr.write('  capturing the resume template’s forest data (once)…\n');
  const got = await capture(dataFor(c));
  writeFileSync(file, v8.serialize(got));
  return got;
}
