/**
 * The Connections dialog: pick a connector, fill its settings and secrets, save, test, preview the source's
 * fields, map them to a canonical HR table, pull a snapshot and copy it into this browser's datasets for the
 * canvas. Everything runs in the studio (Node); secret values are sent once and never shown again.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { storeInWorker } from '../datasets/import-client.ts';
import {
  deleteConnection,
  listConnections,
  listConnectors,
  previewConnection,
  pullConnection,
  saveConnection,
  snapshotBlob,
  testConnection,
  type CanonicalColumnView,
  type ConnectionView,
  type ConnectorView,
  type MappingView,
  type PreviewView,
  type SettingSpecView,
  type SettingValue,
} from './connections-client.ts';
import './connections.css';

interface Draft {
  name: string;
  connector: string;
  /** Setting text as typed (lists comma-separated, maps one "name = value" per line). */
  settings: Record<string, string>;
  /** New secret values typed in this session (sent on save, then cleared). */
  secrets: Record<string, string>;
  table: string;
  columns: Record<string, string>;
}

const emptyDraft = (connector: string): Draft => ({ name: '', connector, settings: {}, secrets: {}, table: '', columns: {} });

function settingText(v: SettingValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.join(', ');
  return Object.entries(v)
    .map(([k, x]) => `${k} = ${x}`)
    .join('\n');
}

function settingValue(spec: SettingSpecView, text: string): SettingValue | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (spec.kind === 'list') return t.split(',').map((s) => s.trim()).filter(Boolean);
  if (spec.kind === 'map') {
    const out: Record<string, string> = {};
    for (const line of t.split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    return out;
  }
  return t;
}

function draftOf(c: ConnectionView): Draft {
  const columns: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.mapping?.columns ?? {})) columns[k] = typeof v === 'string' ? v : v.field;
  return { name: c.name, connector: c.connector, settings: Object.fromEntries(Object.entries(c.settings).map(([k, v]) => [k, settingText(v)])), secrets: {}, table: c.mapping?.table ?? '', columns };
}

export function ConnectionsDialog() {
  const [connectors, setConnectors] = useState<ConnectorView[]>([]);
  const [tables, setTables] = useState<Record<string, CanonicalColumnView[]>>({});
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [draft, setDraft] = useState<Draft>(emptyDraft('bamboohr'));
  const [saved, setSaved] = useState<ConnectionView>();
  const [preview, setPreview] = useState<PreviewView>();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string }>();

  const refresh = useCallback(async () => setConnections(await listConnections()), []);
  useEffect(() => {
    void (async () => {
      try {
        const r = await listConnectors();
        setConnectors(r.connectors);
        setTables(r.tables);
        await refresh();
      } catch (e) {
        setStatus({ kind: 'error', text: (e as Error).message });
      }
    })();
  }, [refresh]);

  const connector = connectors.find((c) => c.kind === draft.connector);
  const visible = useMemo(
    () => (connector?.settings ?? []).filter((s) => !s.when || s.when.values.includes(draft.settings[s.when.key] || connector?.settings.find((x) => x.key === s.when!.key)?.default || '')),
    [connector, draft.settings],
  );

  const run = async (label: string, fn: () => Promise<string | void>) => {
    setStatus({ kind: 'busy', text: `${label}…` });
    try {
      const text = await fn();
      setStatus(text ? { kind: 'ok', text } : undefined);
    } catch (e) {
      setStatus({ kind: 'error', text: (e as Error).message });
    }
  };

  const mapping = (): MappingView | undefined => {
    if (!draft.table) return undefined;
    const columns = Object.fromEntries(Object.entries(draft.columns).filter(([, f]) => f));
    return { table: draft.table, columns };
  };

  const save = () =>
    run('Saving', async () => {
      if (!connector) return;
      const settings: Record<string, SettingValue> = {};
      for (const s of connector.settings) {
        if (s.kind === 'secret') continue;
        const v = settingValue(s, draft.settings[s.key] ?? '');
        if (v !== undefined) settings[s.key] = v;
      }
      const secrets = Object.fromEntries(Object.entries(draft.secrets).filter(([, v]) => v !== ''));
      const c = await saveConnection(draft.name.trim(), { connector: connector.kind, settings, mapping: mapping(), secrets });
      setSaved(c);
      setDraft((d) => ({ ...d, secrets: {} }));
      await refresh();
      return `Saved "${c.name}".`;
    });

  const setColumn = (col: string, field: string) => setDraft((d) => ({ ...d, columns: { ...d.columns, [col]: field } }));
  const chooseTable = (table: string) =>
    setDraft((d) => ({ ...d, table, columns: table && preview ? { ...preview.suggestions[table], ...(table === d.table ? d.columns : {}) } : table === d.table ? d.columns : {} }));

  const name = saved?.name ?? '';

  return (
    <div className="cf-connections">
      <aside className="cf-connections-list">
        <h3>Connections</h3>
        <ul>
          {connections.map((c) => (
            <li key={c.name}>
              <button
                type="button"
                className="cf-btn cf-btn-quiet"
                aria-current={saved?.name === c.name}
                onClick={() => {
                  setSaved(c);
                  setDraft(draftOf(c));
                  setPreview(undefined);
                  setStatus(undefined);
                }}
              >
                {c.name} <small>({c.connector}, {c.snapshots.length} snapshot{c.snapshots.length === 1 ? '' : 's'})</small>
              </button>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="cf-btn"
          onClick={() => {
            setSaved(undefined);
            setDraft(emptyDraft(draft.connector));
            setPreview(undefined);
          }}
        >
          New connection
        </button>
      </aside>
      <section className="cf-connections-form" aria-label="Connection settings">
        <div className="cf-field">
          <label htmlFor="cf-conn-name">Name</label>
          <input id="cf-conn-name" value={draft.name} disabled={Boolean(saved)} placeholder="bamboo-employees" onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </div>
        <div className="cf-field">
          <label htmlFor="cf-conn-connector">Connector</label>
          <select id="cf-conn-connector" value={draft.connector} disabled={Boolean(saved)} onChange={(e) => setDraft({ ...emptyDraft(e.target.value), name: draft.name })}>
            {connectors.map((c) => (
              <option key={c.kind} value={c.kind}>
                {c.title}
              </option>
            ))}
          </select>
          {connector && <p className="cf-help">{connector.summary}</p>}
        </div>
        {visible.map((s) => (
          <SettingField
            key={s.key}
            spec={s}
            value={s.kind === 'secret' ? (draft.secrets[s.key] ?? '') : (draft.settings[s.key] ?? '')}
            secretStatus={saved?.secrets[s.key]}
            onChange={(v) => setDraft((d) => (s.kind === 'secret' ? { ...d, secrets: { ...d.secrets, [s.key]: v } } : { ...d, settings: { ...d.settings, [s.key]: v } }))}
          />
        ))}
        <div className="cf-connections-actions">
          <button type="button" className="cf-btn cf-btn-primary" onClick={save} disabled={!draft.name.trim()}>
            Save
          </button>
          <button type="button" className="cf-btn" disabled={!name} onClick={() => run('Testing', async () => {
            const r = await testConnection(name);
            if (!r.ok) throw new Error(r.message);
            return r.message;
          })}>
            Test
          </button>
          <button type="button" className="cf-btn" disabled={!name} onClick={() => run('Reading the first records', async () => {
            const p = await previewConnection(name, mapping());
            setPreview(p);
            return `${p.records} records read, ${p.fields.length} fields.`;
          })}>
            Preview fields
          </button>
          <button type="button" className="cf-btn" disabled={!name} onClick={() => run('Pulling', async () => {
            const r = await pullConnection(name);
            await refresh();
            return `Pulled ${r.rows.toLocaleString()} rows into snapshot ${r.snapshot}. Pipelines read it as "${r.latest}".${r.notes.length ? ` ${r.notes.join(' ')}` : ''}`;
          })}>
            Pull
          </button>
          <button type="button" className="cf-btn" disabled={!name} title="Copy the latest snapshot into this browser's datasets, for a Dataset node (source: Uploaded file)" onClick={() => run('Copying the snapshot', async () => {
            const dataset = `snapshot:${name}/latest`;
            await storeInWorker(dataset, await snapshotBlob(name));
            return `The latest snapshot is now the dataset "${dataset}": choose it in a Dataset node (source "Uploaded file"). The command line reads the same name with --data <workspace>.`;
          })}>
            Use on canvas
          </button>
          {saved && (
            <button type="button" className="cf-btn cf-btn-quiet" onClick={() => run('Removing', async () => {
              await deleteConnection(saved.name);
              setSaved(undefined);
              setDraft(emptyDraft(draft.connector));
              await refresh();
              return `Removed "${saved.name}" and its secrets (its snapshots stay in the workspace).`;
            })}>
              Remove
            </button>
          )}
        </div>
        {status && (
          <p className={`cf-connections-status cf-${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="connections-status">
            {status.text}
          </p>
        )}
        {preview && (
          <>
            <h3>Fields</h3>
            <table className="cf-connections-table" data-testid="connection-fields">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Type</th>
                  <th>Values</th>
                  <th>Examples</th>
                </tr>
              </thead>
              <tbody>
                {preview.fields.map((f) => (
                  <tr key={f.name}>
                    <td>{f.name}</td>
                    <td>{f.label}</td>
                    <td>
                      {f.present} of {preview.records}
                    </td>
                    <td>{f.examples.join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Mapping</h3>
            <div className="cf-field">
              <label htmlFor="cf-conn-table">Canonical table</label>
              <select id="cf-conn-table" value={draft.table} onChange={(e) => chooseTable(e.target.value)}>
                <option value="">(no mapping: keep the source's fields)</option>
                {Object.keys(tables).map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            {draft.table &&
              (tables[draft.table] ?? []).map((col) => (
                <div className="cf-field cf-connections-map" key={col.name}>
                  <label htmlFor={`cf-map-${col.name}`}>
                    {col.name} <small>({col.type}{col.required ? ', required' : ''})</small>
                  </label>
                  <select id={`cf-map-${col.name}`} value={draft.columns[col.name] ?? ''} onChange={(e) => setColumn(col.name, e.target.value)}>
                    <option value="">(not mapped)</option>
                    {preview.fields.map((f) => (
                      <option key={f.name} value={f.name}>
                        {f.name}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            {preview.mapped && (
              <p className="cf-help" data-testid="mapping-check">
                Mapped preview: {preview.mapped.rows.length} rows shown; {preview.mapped.problemCount} value{preview.mapped.problemCount === 1 ? '' : 's'} did not fit
                {preview.mapped.problems[0] ? ` (first: ${preview.mapped.problems[0].message})` : ''}; {preview.mapped.recordsLeftOut} record(s) left out. Save to keep the mapping, then Pull.
              </p>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function SettingField({ spec, value, secretStatus, onChange }: { spec: SettingSpecView; value: string; secretStatus?: string; onChange(v: string): void }) {
  const id = `cf-conn-${spec.key}`;
  return (
    <div className="cf-field">
      <label htmlFor={id}>
        {spec.label}
        {spec.required ? ' *' : ''}
      </label>
      {spec.kind === 'enum' ? (
        <select id={id} value={value || spec.default || ''} onChange={(e) => onChange(e.target.value)}>
          {(spec.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : spec.kind === 'map' ? (
        <textarea id={id} value={value} rows={3} placeholder="name = value" onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          id={id}
          type={spec.kind === 'secret' ? 'password' : 'text'}
          autoComplete={spec.kind === 'secret' ? 'new-password' : 'off'}
          value={value}
          placeholder={spec.kind === 'secret' ? (secretStatus === 'set' ? 'set (type to replace)' : secretStatus?.startsWith('env:') ? `from ${secretStatus}` : 'not set') : (spec.placeholder ?? spec.default ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <p className="cf-help">{spec.help}</p>
    </div>
  );
}
