/** Monitoring records from the studio API (src/studio/api/monitoring.ts). */
import { studioJson } from '../studio/studio-client.ts';
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
