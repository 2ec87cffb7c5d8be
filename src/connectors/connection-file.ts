/**
 * A connection: which connector, its settings, where its secrets come from and its field mapping. The CLI
 * reads it from a JSON file; the studio keeps the same JSON in `<workspace>/connections/<name>.json`.
 *
 *   { "version": 1, "name": "bamboo-employees", "connector": "bamboohr",
 *     "settings": { "company": "acme", "dataset": "directory" },
 *     "secrets": { "apiKey": "env:BAMBOOHR_API_KEY" },          (optional: else the workspace secrets file)
 *     "mapping": { "table": "employees", "columns": { "employee_id": "id", … } } }   (optional)
 *
 * A secret's value is never accepted in the file: only `env:NAME` references.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseMapping, type FieldMapping } from './mapping.ts';
import { connectorOf } from './registry.ts';
import { isEnvReference } from './secrets.ts';
import { ConnectorError, type ConnectorDefinition, type Settings } from './types.ts';

export const CONNECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_FILE_BYTES = 256 * 1024;

export interface Connection {
  version: 1;
  name: string;
  connector: string;
  settings: Settings;
  /** Secret key → "env:NAME". Keys not listed come from the workspace secrets file. */
  secrets: Record<string, string>;
  mapping?: FieldMapping;
}

export function connectionNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !CONNECTION_NAME.test(name)) {
    return 'a connection name is 1–64 letters, digits, "-" or "_", starting with a letter or digit (it names the snapshot folder)';
  }
  return undefined;
}

function settingValue(v: unknown): Settings[string] | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number')) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  }
  return null;
}

export function parseConnection(json: unknown, where: string): { connection: Connection; connector: ConnectorDefinition } {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ConnectorError(`${where} must hold a JSON object (see docs/connectors.md).`, 'settings');
  const j = json as Record<string, unknown>;
  if (j.version !== undefined && j.version !== 1) throw new ConnectorError(`${where}: "version" ${String(j.version)} is not known to this Crispflow (expected 1).`, 'settings');
  const bad = connectionNameProblem(j.name);
  if (bad) throw new ConnectorError(`${where}: "name" is not usable: ${bad}.`, 'settings');
  const name = j.name as string;
  const connector = typeof j.connector === 'string' ? connectorOf(j.connector) : undefined;
  if (!connector) throw new ConnectorError(`${where}: "connector" must be one of workday, bamboohr, greenhouse, http (got "${String(j.connector).slice(0, 40)}").`, 'settings');
  const secretKeys = new Set(connector.settings.filter((s) => s.kind === 'secret').map((s) => s.key));
  const settings: Settings = {};
  const rawSettings = j.settings ?? {};
  if (typeof rawSettings !== 'object' || Array.isArray(rawSettings)) throw new ConnectorError(`${where}: "settings" must be an object.`, 'settings');
  for (const [k, v] of Object.entries(rawSettings as Record<string, unknown>)) {
    if (secretKeys.has(k)) {
      // Not echoed: it may be the secret itself.
      throw new ConnectorError(`${where}: "${k}" is a secret and must not be in "settings". Remove it from the file and set it in the workspace secrets or reference an environment variable: "secrets": { "${k}": "env:NAME" }.`, 'settings');
    }
    if (!connector.settings.some((s) => s.key === k)) {
      throw new ConnectorError(`${where}: "${k.slice(0, 40)}" is not a setting of the ${connector.title} connector (settings: ${connector.settings.filter((s) => s.kind !== 'secret').map((s) => s.key).join(', ')}).`, 'settings');
    }
    const sv = settingValue(v);
    if (sv === null) throw new ConnectorError(`${where}: setting "${k}" must be text, a list of texts or an object of texts.`, 'settings');
    settings[k] = sv;
  }
  const secrets: Record<string, string> = {};
  const rawSecrets = j.secrets ?? {};
  if (typeof rawSecrets !== 'object' || Array.isArray(rawSecrets)) throw new ConnectorError(`${where}: "secrets" must be an object of "env:NAME" references.`, 'settings');
  for (const [k, v] of Object.entries(rawSecrets as Record<string, unknown>)) {
    if (!secretKeys.has(k)) throw new ConnectorError(`${where}: "secrets.${k.slice(0, 40)}" is not a secret of the ${connector.title} connector (secrets: ${[...secretKeys].join(', ')}).`, 'settings');
    if (typeof v !== 'string' || !isEnvReference(v)) {
      throw new ConnectorError(`${where}: "secrets.${k}" must be a reference like "env:BAMBOOHR_API_KEY", never the secret itself. Put the value in that environment variable or in the workspace secrets file.`, 'settings');
    }
    secrets[k] = v;
  }
  const connection: Connection = { version: 1, name, connector: connector.kind, settings, secrets };
  if (j.mapping !== undefined && j.mapping !== null) connection.mapping = parseMapping(j.mapping, `${where}, "mapping"`);
  return { connection, connector };
}

export async function loadConnectionFile(file: string): Promise<{ connection: Connection; connector: ConnectorDefinition }> {
  let text: string;
  try {
    const s = await stat(file);
    if (s.size > MAX_FILE_BYTES) throw new ConnectorError(`"${file}" is ${Math.round(s.size / 1024)} KB; a connection file holds settings only (at most 256 KB).`, 'settings');
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof ConnectorError) throw e;
    throw new ConnectorError(`Cannot read the connection file "${file}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`, 'settings');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ConnectorError(`"${file}" is not valid JSON: ${(e as Error).message}.`, 'settings');
  }
  return parseConnection(json, `"${file}"`);
}

/** The file form of a connection (what the studio writes). */
export function connectionJson(c: Connection): string {
  return `${JSON.stringify({ version: 1, name: c.name, connector: c.connector, settings: c.settings, ...(Object.keys(c.secrets).length > 0 && { secrets: c.secrets }), ...(c.mapping && { mapping: c.mapping }) }, null, 2)}\n`;
}
