/**
 * Snapshot panel: one row per entity per snapshot date at which the entity is active, labelled with
 * whether its event (e.g. a termination) happens within the horizon after the snapshot.
 *
 * Snapshots run backwards from the data end (`asOf`) every `everyMonths` months down to `from`, so the
 * last snapshot is "today" and its rows are the ones to score. An entity is active at snapshot s when
 * it started on or before s and its first event (if any) is after s. Label: 1 when the event falls in
 * (s, s + horizon], else 0 — but missing whenever s + horizon reaches past the data end (the outcome is
 * not fully known: guessing 0 would be wrong, and keeping only the known leavers would bias training).
 */
import { NodeError } from '../../core/errors.ts';
import type { Column, Table } from '../../core/table/table.ts';
import { addMonths } from './dates.ts';
import { gatherColumn, groupRows, keyIds, requireColumn, requireDateColumn, uniqueName } from './gather.ts';

export interface SnapshotPanelOptions {
  id: string;
  /** Entity start date column (e.g. hire_date); empty = active from the beginning. */
  start?: string;
  eventId?: string;
  eventDate?: string;
  /** Data end / last snapshot (UTC ms). Default: the latest event or start date. */
  asOf?: number;
  /** First snapshot no earlier than this (UTC ms). */
  from: number;
  everyMonths: number;
  horizonMonths: number;
  snapshotName?: string;
  labelName?: string;
}

export function snapshotDates(from: number, asOf: number, everyMonths: number): number[] {
  if (!(everyMonths >= 1)) throw new NodeError('Snapshots must be at least one month apart.', { field: 'everyMonths' });
  const dates: number[] = [];
  for (let k = 0; ; k++) {
    const s = addMonths(asOf, -k * everyMonths);
    if (s < from) break;
    dates.push(s);
    if (dates.length > 1000) throw new NodeError('More than 1,000 snapshot dates: choose a later start or a longer interval.', { field: 'from' });
  }
  return dates.reverse();
}

export function buildSnapshotPanel(entities: Table, events: Table | undefined, o: SnapshotPanelOptions): Table {
  requireColumn(entities, o.id, 'Identifier', 'id');
  const startDates = o.start ? requireDateColumn(entities, o.start, 'Start date', 'start') : undefined;
  // First event per entity.
  const firstEvent = new Float64Array(entities.nRows).fill(Infinity);
  let latest = -Infinity;
  if (events && o.eventDate) {
    const eventTimes = requireDateColumn(events, o.eventDate, 'Event date', 'eventDate');
    const { ids, count } = keyIds([
      { table: entities, columns: [o.id] },
      { table: events, columns: [o.eventId || o.id] },
    ]);
    const { start, order } = groupRows(ids[1], count);
    const byKey = new Float64Array(count).fill(Infinity);
    for (let k = 0; k < count; k++) {
      for (let p = start[k]; p < start[k + 1]; p++) {
        const t = eventTimes[order[p]];
        if (t === t && t < byKey[k]) byKey[k] = t;
      }
    }
    for (let i = 0; i < entities.nRows; i++) if (ids[0][i] >= 0) firstEvent[i] = byKey[ids[0][i]];
    for (let j = 0; j < events.nRows; j++) if (eventTimes[j] === eventTimes[j]) latest = Math.max(latest, eventTimes[j]);
  }
  if (startDates) for (let i = 0; i < entities.nRows; i++) if (startDates[i] === startDates[i]) latest = Math.max(latest, startDates[i]);
  const asOf = o.asOf !== undefined && Number.isFinite(o.asOf) ? o.asOf : latest;
  if (!Number.isFinite(asOf)) throw new NodeError('Set the data end date ("as of"): there are no dates to infer it from.', { field: 'asOf' });
  const dates = snapshotDates(o.from, asOf, o.everyMonths);

  // Two passes over typed arrays: count the active rows, then fill them (no growing lists).
  const n = entities.nRows;
  const activeAt = (i: number, s: number) => (!startDates || startDates[i] <= s) && !(firstEvent[i] <= s);
  let total = 0;
  for (const s of dates) for (let i = 0; i < n; i++) if (activeAt(i, s)) total++;
  const idx = new Int32Array(total);
  const snap = new Float64Array(total);
  const label = new Float64Array(total);
  let q = 0;
  for (const s of dates) {
    const horizonEnd = addMonths(s, o.horizonMonths);
    // Outcomes are only known when the whole horizon lies within the data; labelling the early
    // leavers of an incomplete horizon would keep only positives there (outcome-driven selection).
    const known = !(horizonEnd > asOf);
    for (let i = 0; i < n; i++) {
      if (!activeAt(i, s)) continue;
      idx[q] = i;
      snap[q] = s;
      label[q++] = known ? (firstEvent[i] <= horizonEnd ? 1 : 0) : NaN;
    }
  }
  const taken = new Set(entities.columns.map((c) => c.name));
  const snapshotName = uniqueName(o.snapshotName || 'snapshot_date', taken, '_2');
  taken.add(snapshotName);
  const labelName = uniqueName(o.labelName || `event_within_${o.horizonMonths}m`, taken, '_2');
  const columns: Column[] = entities.columns.map((c) => gatherColumn(c, idx));
  columns.push({ name: snapshotName, type: 'date', role: 'time', values: snap });
  columns.push({ name: labelName, type: 'integer', role: 'target', values: label });
  return { nRows: idx.length, columns };
}
