/** Monitoring records from the studio API (src/studio/api/monitoring.ts). */
import { putJson, studioJson } from '../studio/studio-client.ts';
import type { ListedRecord } from './monitoring-series.ts';

export interface ModelMonitoring {
  model: string;
  versions: Array<{ version: number; stage: string | null; createdAt: string }>;
  records: ListedRecord[];
  problems: string[];
}

export function fetchModelMonitoring(name: string): Promise<ModelMonitoring> {
  return studioJson<ModelMonitoring>(`/api/monitoring/${encodeURIComponent(name)}`);
}

export interface AuditRequest {
  data: string;
  reference?: string;
  outcomes?: string;
  protected?: string;
  period?: string;
}

/** Runs an audit of one version in the studio (kept as a record with source "studio", as the CLI keeps it). */
export function runStudioAudit(name: string, version: number, request: AuditRequest): Promise<{ records: ListedRecord[]; notes: string[]; alert: boolean }> {
  return studioJson(`/api/monitoring/${encodeURIComponent(name)}/${version}`, putJson('', request, 'POST'));
}
