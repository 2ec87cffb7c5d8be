import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const description = describeNode({
  type: 'snapshot-panel',
  version: 1,
  title: 'Snapshot panel',
  phase: 'data-preparation',
  category: 'Time',
  summary: 'One row per person per snapshot date, labelled with whether the event (e.g. leaving) follows within N months.',
  inputs: {
    entities: { type: 'table', label: 'People', help: 'One row per person, e.g. employees with hire_date.' },
    events: { type: 'table', label: 'Events', optional: true, help: 'Dated events, e.g. terminations.' },
  },
  outputs: { table: { type: 'table', label: 'Panel' } },
  params: {
    id: param.column({ from: 'entities', role: 'identifier', label: 'Person id', help: 'e.g. employee_id; the events table must use the same values.' }),
    start: param.column({ from: 'entities', types: ['date'], optional: true, label: 'Start date', help: 'A person appears from this date on (e.g. hire_date). Empty: from the first snapshot.' }),
    eventId: param.column({ from: 'events', optional: true, label: 'Event person id', help: 'Empty: the same name as the person id.' }),
    eventDate: param.column({ from: 'events', types: ['date'], optional: true, label: 'Event date', help: 'e.g. termination_date. A person leaves the panel after their first event.' }),
    from: param.string({ default: '', required: true, label: 'First snapshot on or after', help: 'YYYY-MM-DD, e.g. 2023-01-01.' }),
    asOf: param.string({ default: '', label: 'Data end (last snapshot)', help: 'YYYY-MM-DD: the date the data was exported; the last snapshot, whose rows you score. Empty: the latest date in the data.' }),
    everyMonths: param.integer({ default: 3, min: 1, max: 24, label: 'Months between snapshots' }),
    horizonMonths: param.integer({ default: 6, min: 1, max: 60, label: 'Horizon (months)', help: 'The label says whether the event happens within this many months after the snapshot.' }),
    labelName: param.string({ default: 'left_within_6m', required: true, label: 'Label column name' }),
    snapshotName: param.string({ default: 'snapshot_date', required: true, label: 'Snapshot column name', advanced: true }),
  },
  schema({ inputs, params }) {
    if (!inputs.entities) return {};
    return {
      table: {
        columns: [
          ...inputs.entities.columns,
          { name: params.snapshotName, type: 'date', role: 'time' },
          { name: params.labelName, type: 'integer', role: 'target' },
        ],
      },
    };
  },
});

export const snapshotPanel = withLazyRun(description, () => import('./run.ts'));
