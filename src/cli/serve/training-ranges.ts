/**
 * The range (min, max) of each numeric feature in the table a served model was trained on, so /score can
 * flag values outside it: the model never saw such values and its score for them is an extrapolation.
 *
 * Models do not store these ranges (their format is shared with the designer and the registry), so
 * `serve` computes them from the training table when it trains, and keeps them next to its --model file
 * in `<model>.training-ranges.json`, tied to the model by its fingerprint.
 */
import { readFile } from 'node:fs/promises';
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';

export const TRAINING_RANGES_FORMAT = 'crispflow-training-ranges/1';

export interface FeatureRange {
  name: string;
  type: 'number' | 'integer' | 'date';
  /** Dates in milliseconds since 1970, as tables hold them. */
  min: number;
  max: number;
}

export interface TrainingRanges {
  format: typeof TRAINING_RANGES_FORMAT;
  modelFingerprint: string;
  trainingRows: number;
  /** Only numeric features with at least one known training value (booleans have no meaningful range). */
  features: FeatureRange[];
}

export function computeTrainingRanges(model: Model, table: Table): TrainingRanges {
  const spec = model.featurizer as FeaturizerSpec;
  const features: FeatureRange[] = [];
  for (const c of spec.columns) {
    if (c.kind !== 'numeric' || c.type === 'boolean') continue;
    const col = table.columns.find((x) => x.name === c.name);
    if (!col || col.type === 'category' || col.type === 'text') continue;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < table.nRows; i++) {
      const v = col.values[i];
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min <= max) features.push({ name: c.name, type: c.type, min, max });
  }
  return { format: TRAINING_RANGES_FORMAT, modelFingerprint: model.fingerprint, trainingRows: table.nRows, features };
}

/** `models/gb.model.json` → `models/gb.model.training-ranges.json`. */
export const trainingRangesFileFor = (modelFile: string) => `${modelFile.replace(/\.json$/i, '')}.training-ranges.json`;

export async function saveTrainingRanges(file: string, ranges: TrainingRanges): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(ranges, null, 2)}\n`);
}

const RANGE_TYPES = new Set(['number', 'integer', 'date']);

function isFeatureRange(x: unknown): x is FeatureRange {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.name === 'string' && RANGE_TYPES.has(r.type as string) && Number.isFinite(r.min) && Number.isFinite(r.max) && (r.min as number) <= (r.max as number);
}

/**
 * The ranges kept for `model`, or why there are none (the file is absent, unreadable, or belongs to
 * another model). Never throws: serving without range flags is better than not serving, and the reason
 * is shown to the user.
 */
export async function loadTrainingRanges(file: string, model: Model): Promise<{ ranges?: TrainingRanges; note?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      note:
        code === 'ENOENT'
          ? `No training ranges are kept for this model (${file} does not exist: the model file was not written by crispflow serve), so values outside the training range are not flagged. Delete the model file to have serve train it again and keep its ranges.`
          : `The training ranges in ${file} cannot be read (${(e as Error).message}), so values outside the training range are not flagged.`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { note: `${file} is not valid JSON (${(e as Error).message}), so values outside the training range are not flagged. Delete it and the model file to train again.` };
  }
  const r = json as Partial<TrainingRanges>;
  if (r?.format !== TRAINING_RANGES_FORMAT || !Array.isArray(r.features) || !r.features.every(isFeatureRange) || typeof r.modelFingerprint !== 'string') {
    return { note: `${file} is not a Crispflow training-ranges file, so values outside the training range are not flagged.` };
  }
  if (r.modelFingerprint !== model.fingerprint) {
    return { note: `${file} belongs to another model (fingerprint ${r.modelFingerprint}, this model ${model.fingerprint}), so values outside the training range are not flagged.` };
  }
  return { ranges: { format: TRAINING_RANGES_FORMAT, modelFingerprint: r.modelFingerprint, trainingRows: Number(r.trainingRows) || 0, features: r.features } };
}
