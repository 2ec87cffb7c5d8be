import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { parseIsoDate } from '../../src/ml/temporal/dates.ts';
import { buildSnapshotPanel } from '../../src/ml/temporal/snapshot-panel.ts';
import type { description } from './index.ts';

function dateParam(value: string, field: string, optional: boolean): number | undefined {
  if (value.trim() === '') {
    if (optional) return undefined;
    throw new NodeError(`Set "${field}" to a date like 2023-01-01.`, { field });
  }
  const t = parseIsoDate(value);
  if (Number.isNaN(t)) throw new NodeError(`"${value}" is not a date; write it as YYYY-MM-DD (e.g. 2023-01-01).`, { field });
  return t;
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  if (params.eventDate && !inputs.events) {
    throw new NodeError('An event date is set but no events table is connected. Connect the events (e.g. terminations) or clear the event date.', { field: 'eventDate' });
  }
  const table = buildSnapshotPanel(inputs.entities, inputs.events, {
    id: params.id,
    start: params.start || undefined,
    eventId: params.eventId || undefined,
    eventDate: params.eventDate || undefined,
    from: dateParam(params.from, 'from', false)!,
    asOf: dateParam(params.asOf, 'asOf', true),
    everyMonths: params.everyMonths,
    horizonMonths: params.horizonMonths,
    labelName: params.labelName,
    snapshotName: params.snapshotName,
  });
  const label = table.columns[table.columns.length - 1];
  let pos = 0;
  let unknown = 0;
  if (label.type !== 'category' && label.type !== 'text') {
    for (let i = 0; i < table.nRows; i++) {
      if (label.values[i] !== label.values[i]) unknown++;
      else pos += label.values[i];
    }
  }
  ctx.log(`${table.nRows} snapshot rows; ${pos} with the event within ${params.horizonMonths} months; ${unknown} not known yet (too recent).`);
  return { table };
}
