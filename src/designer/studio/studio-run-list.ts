/** Reading the workspace's run records (light: the header badge's panel loads it with the page). */
import { studioJson } from './studio-client.ts';

export interface RunRecordSummary {
  id: string;
  pipeline: { name: string; hash?: string };
  status: string;
  finishedAt: string;
  savedAt: string;
}

export const listStudioRuns = async (): Promise<RunRecordSummary[]> => (await studioJson<{ runs: RunRecordSummary[] }>('/api/runs')).runs;

export const getStudioRun = async (id: string): Promise<Record<string, unknown>> =>
  (await studioJson<{ run: Record<string, unknown> }>(`/api/runs/${encodeURIComponent(id)}`)).run;
