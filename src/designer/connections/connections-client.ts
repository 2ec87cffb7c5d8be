/**
 * The studio's connections API (src/studio/api/connections.ts) for the designer. Secret values go to the
 * studio once, when saved, and never come back: a connection says only whether each secret is set.
 */
import { studioFetch, studioJson } from '../studio/studio-client.ts';

export interface SettingSpecView {
  key: string;
  label: string;
  kind: 'string' | 'enum' | 'url' | 'list' | 'map' | 'secret';
  required?: boolean;
  default?: string;
  options?: readonly string[];
  when?: { key: string; values: readonly string[] };
  help: string;
  placeholder?: string;
}

export interface ConnectorView {
  kind: string;
  title: string;
  summary: string;
  settings: SettingSpecView[];
}

export interface CanonicalColumnView {
  name: string;
  type: string;
  required?: boolean;
  help: string;
}

export type SettingValue = string | string[] | Record<string, string>;

export interface MappingView {
  table: string;
  columns: Record<string, string | { field: string }>;
}

export interface ConnectionView {
  name: string;
  connector: string;
  settings: Record<string, SettingValue>;
  secrets: Record<string, string>;
  mapping?: MappingView;
  snapshots: string[];
}

export interface FieldInfo {
  name: string;
  type: string;
  label: string;
  present: number;
  examples: string[];
}

export interface PreviewView {
  records: number;
  fields: FieldInfo[];
  suggestions: Record<string, Record<string, string>>;
  mapped?: { columns: string[]; rows: Array<Array<string | null>>; problems: Array<{ message: string }>; problemCount: number; recordsLeftOut: number };
}

export interface PullView {
  snapshot: string;
  rows: number;
  dataset: string;
  latest: string;
  notes: string[];
}

const enc = encodeURIComponent;
const post = (body?: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });

export const listConnectors = () => studioJson<{ connectors: ConnectorView[]; tables: Record<string, CanonicalColumnView[]> }>('/api/connectors');
export const listConnections = async () => (await studioJson<{ connections: ConnectionView[] }>('/api/connections')).connections;

export async function saveConnection(name: string, body: { connector: string; settings: Record<string, SettingValue>; mapping?: MappingView; secrets?: Record<string, string | null> }): Promise<ConnectionView> {
  const r = await studioJson<{ connection: ConnectionView }>(`/api/connections/${enc(name)}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return r.connection;
}

export const deleteConnection = (name: string) => studioFetch(`/api/connections/${enc(name)}`, { method: 'DELETE' });
export const testConnection = (name: string) => studioJson<{ ok: boolean; message: string; fields?: string[] }>(`/api/connections/${enc(name)}/test`, post());
export const previewConnection = (name: string, mapping?: MappingView) => studioJson<PreviewView>(`/api/connections/${enc(name)}/preview`, post(mapping ? { mapping } : {}));
export const pullConnection = (name: string) => studioJson<PullView>(`/api/connections/${enc(name)}/pull`, post());

/** The snapshot's data.csv ("latest" or an id). */
export async function snapshotBlob(name: string, snapshot = 'latest'): Promise<Blob> {
  return (await studioFetch(`/api/snapshots/${enc(name)}/${enc(snapshot)}`)).blob();
}
