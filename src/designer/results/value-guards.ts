/**
 * Shape checks for port values before a viewer gets them: after a reload the dock may only have the
 * JSON summary of the last run, not the full value, and a viewer must not crash on that.
 */
import type { Document, FairnessReport, Metrics, Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isTable(v: unknown): v is Table {
  return isObject(v) && typeof v.nRows === 'number' && Array.isArray(v.columns) && v.columns.every((c) => isObject(c) && ('values' in c || 'codes' in c));
}

export function isMetrics(v: unknown): v is Metrics {
  return isObject(v) && isObject(v.values);
}

export function isModel(v: unknown): v is Model {
  return isObject(v) && typeof v.kind === 'string' && Array.isArray(v.featureNames) && isObject(v.state);
}

export function isFairnessReport(v: unknown): v is FairnessReport {
  return isObject(v) && Array.isArray(v.groups) && typeof v.attribute === 'string';
}

export function isDocument(v: unknown): v is Document {
  return isObject(v) && typeof v.kind === 'string' && isObject(v.data);
}
