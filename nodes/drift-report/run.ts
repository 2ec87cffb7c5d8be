import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Document } from '../../src/core/ports.ts';
import type { Column, Table } from '../../src/core/table/table.ts';
import { categoricalDrift, driftByPeriod, levelsOf, numericDriftByRank, type ColumnDrift, type DriftThresholds, type PeriodDrift } from '../../src/ml/drift/feature-drift.ts';
import { periodsFromColumn, periodsFromDate, type PeriodEncoding } from '../../src/ml/drift/periods.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import { type description, chooseFeatures, type DriftReportData } from './index.ts';

function isNumeric(c: Column): c is Extract<Column, { values: Float64Array }> {
  return c.type !== 'category' && c.type !== 'text';
}

const formatDate = (v: number) => new Date(v).toISOString().slice(0, 10);

/** Drift of one column, and per period when `periods` is given (numeric: one pass, no sort of the batch). */
function compare(
  name: string,
  ref: Column,
  cur: Column,
  role: 'feature' | 'score',
  o: { bins: number; thresholds: DriftThresholds; periods?: PeriodEncoding; minPeriodRows: number },
): { drift: ColumnDrift; byPeriod?: PeriodDrift[] } {
  if (isNumeric(ref) !== isNumeric(cur)) {
    throw new NodeError(
      `Column "${name}" is ${ref.type} in the reference table but ${cur.type} in the current table. Convert one of them so both have the same type.`,
      { column: name },
    );
  }
  if (isNumeric(ref) && isNumeric(cur)) {
    return numericDriftByRank(name, ref.values, cur.values, { ...o, role, format: ref.type === 'date' ? formatDate : undefined });
  }
  const drift = categoricalDrift(name, levelsOf(ref), levelsOf(cur), { thresholds: o.thresholds, role });
  return { drift, byPeriod: o.periods ? driftByPeriod(cur, drift, o.periods, o.minPeriodRows, o.thresholds) : undefined };
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const { reference, current, model } = inputs;
  const scoreName = params.score || predictionColumns(current).score || '';
  const features = chooseFeatures(reference, params.features, model, new Set([scoreName, params.period].filter(Boolean)));
  const missingCurrent = features.filter((f) => !current.columns.some((c) => c.name === f));
  if (missingCurrent.length > 0) {
    throw new NodeError(
      `The current batch lacks ${missingCurrent.length === 1 ? 'the feature column' : 'these feature columns'} ${missingCurrent.map((f) => `"${f}"`).join(', ')}` +
        `${model ? ' that the model reads' : ''}. Add ${missingCurrent.length === 1 ? 'it' : 'them'} to the batch (same names as in the reference), or remove ${missingCurrent.length === 1 ? 'it' : 'them'} from Features.`,
      { column: missingCurrent[0], field: 'features' },
    );
  }
  const missingReference = features.filter((f) => !reference.columns.some((c) => c.name === f));
  if (missingReference.length > 0) {
    throw new NodeError(
      `The reference table lacks ${missingReference.map((f) => `"${f}"`).join(', ')}${model ? ', which the model reads' : ''}. Connect the table the model was trained on.`,
      { column: missingReference[0], field: 'features' },
    );
  }
  if (features.length === 0) throw new NodeError('No columns to compare: choose Features.', { field: 'features' });
  const thresholds: DriftThresholds = {
    psiModerate: params.psiModerate,
    psiMajor: params.psiMajor,
    ksAlpha: params.ksAlpha,
    ksMinStatistic: params.ksMinStatistic,
    jsThreshold: params.jsThreshold,
  };
  const warnings: string[] = [];
  const get = (t: Table, name: string) => t.columns.find((c) => c.name === name)!;
  const pairs: Array<{ name: string; role: 'feature' | 'score' }> = features.map((name) => ({ name, role: 'feature' }));
  let scoreDrifted: boolean | null = null;
  if (scoreName) {
    const inRef = reference.columns.some((c) => c.name === scoreName);
    const inCur = current.columns.some((c) => c.name === scoreName);
    if (inRef && inCur) pairs.push({ name: scoreName, role: 'score' });
    else if (params.score) {
      throw new NodeError(
        `Score column "${scoreName}" is not in the ${inRef ? 'current batch' : 'reference table'}. Score both tables with the same model, or clear Score column.`,
        { column: scoreName, field: 'score' },
      );
    } else if (inCur) warnings.push(`The current batch has a "${scoreName}" column but the reference does not, so score drift is not measured. Connect scored reference data to check it.`);
  }

  let periods: PeriodEncoding | undefined;
  if (params.period) {
    const pc = get(current, params.period);
    if (!pc) throw new NodeError(`Period column "${params.period}" is not in the current batch.`, { column: params.period, field: 'period' });
    periods = pc.type === 'date' ? periodsFromDate(current, params.period, params.granularity) : periodsFromColumn(current, params.period);
    if (periods.missing > 0) warnings.push(`${periods.missing} row(s) of the current batch have no ${params.period}; they count overall but in no period.`);
  }

  const columns: ColumnDrift[] = [];
  const byPeriod: NonNullable<DriftReportData['byPeriod']> = [];
  for (let j = 0; j < pairs.length; j++) {
    await ctx.checkpoint();
    const { name, role } = pairs[j];
    const { drift: d, byPeriod: perPeriod } = compare(name, get(reference, name), get(current, name), role, {
      bins: params.bins,
      thresholds,
      periods,
      minPeriodRows: params.minPeriodRows,
    });
    columns.push(d);
    if (d.newLevels.length > 0) {
      warnings.push(`Column "${name}" has value(s) never seen in the reference: ${d.newLevels.slice(0, 10).map((l) => `"${l}"`).join(', ')}${d.newLevels.length > 10 ? ', …' : ''} (counted as drift).`);
    }
    if (perPeriod) byPeriod.push({ column: name, role, values: perPeriod });
    ctx.progress((j + 1) / pairs.length, name);
  }
  if (periods && byPeriod.length > 0) {
    for (const v of byPeriod[0].values) {
      if (v.psi === null) warnings.push(`Period ${v.period}: only ${v.n} row(s) (fewer than ${params.minPeriodRows}), so its drift figures are omitted.`);
    }
  }
  const score = columns.find((c) => c.role === 'score');
  if (score) scoreDrifted = score.drifted;
  const data: DriftReportData = {
    referenceRows: reference.nRows,
    currentRows: current.nRows,
    bins: params.bins,
    thresholds,
    columns,
    periodColumn: periods?.column,
    periods: periods?.labels,
    byPeriod: periods ? byPeriod : undefined,
    drifted: columns.filter((c) => c.drifted).map((c) => c.column),
    moderate: columns.filter((c) => !c.drifted && c.band === 'moderate').map((c) => c.column),
    driftedPeriods: byPeriod.flatMap((b) =>
      b.values.filter((v) => v.psi !== null && v.psi >= thresholds.psiMajor).map((v) => ({ column: b.column, period: v.period, psi: v.psi as number })),
    ),
    scoreDrifted,
    warnings,
  };
  for (const w of warnings) ctx.log(w, 'warn');
  for (const c of data.driftedPeriods) ctx.log(`Drift in ${c.column} in ${c.period}: PSI ${c.psi.toFixed(3)}.`, 'warn');
  ctx.log(
    data.drifted.length > 0
      ? `Drift in ${data.drifted.length} of ${columns.length} column(s): ${data.drifted.join(', ')}.`
      : `No drift flagged in ${columns.length} column(s).`,
    data.drifted.length > 0 ? 'warn' : 'info',
  );
  const report: Document = {
    kind: 'drift-report',
    title: `Drift: ${data.drifted.length} of ${columns.length} column(s) flagged`,
    data: data as unknown as Record<string, unknown>,
  };
  return { report };
}
