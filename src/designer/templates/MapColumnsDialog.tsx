/**
 * "Map your columns": applying a template to your own data. Each role the template declares (outcome and
 * favourable value, protected attributes and reference group, id, dates, text, other columns, the tables)
 * gets a picker filled from your uploaded datasets; a preview lists every param that will change, and
 * a required role left empty is refused, named. The mapping itself is src/templates/apply-mapping.ts,
 * the same code `crispflow run --map` uses.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PipelineDocument } from '../../core/document.ts';
import { applyColumnMapping, type MappedValue } from '../../templates/apply-mapping.ts';
import { COLUMN_KINDS, TemplateRoleError, templateRoles, type TemplateRole } from '../../templates/template-roles.ts';
import type { StoredDataset } from '../persistence/db.ts';
import './map-columns.css';

const NOT_IN_DATA = '\u0000not-in-my-data';

function sampleText(r: TemplateRole): string {
  return Array.isArray(r.sample) ? r.sample.join(', ') : r.sample;
}

/** Columns offered for a column role: those of the dataset its table role is mapped to. */
function columnsFor(role: TemplateRole, mapping: Record<string, MappedValue>, datasets: StoredDataset[]): string[] {
  const table = role.dataset ? mapping[role.dataset] : undefined;
  const ds = typeof table === 'string' ? datasets.find((d) => d.name === table) : undefined;
  return ds?.columns?.map((c) => c.name) ?? [];
}

/** Values offered for a value role: the categories of the column its column role is mapped to, when known. */
function valuesFor(role: TemplateRole, roles: TemplateRole[], mapping: Record<string, MappedValue>, datasets: StoredDataset[]): string[] {
  const of = roles.find((r) => r.id === role.of);
  if (!of) return [];
  const column = mapping[of.id];
  const name = Array.isArray(column) ? column[0] : column;
  const table = of.dataset ? mapping[of.dataset] : undefined;
  const ds = typeof table === 'string' ? datasets.find((d) => d.name === table) : undefined;
  const col = ds?.columns?.find((c) => c.name === name) as { categories?: string[] } | undefined;
  const values = Array.isArray(col?.categories) ? col.categories : [];
  return role.kind === 'reference' ? ['auto', ...values] : values;
}

export function MapColumnsDialog({
  template,
  datasets,
  onApply,
  onClose,
}: {
  template: { name: string; doc: PipelineDocument };
  datasets: StoredDataset[];
  onApply(doc: PipelineDocument): void;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const roles = useMemo(() => templateRoles(template.doc), [template.doc]);
  const [mapping, setMapping] = useState<Record<string, MappedValue>>(() =>
    Object.fromEntries(roles.filter((r) => r.kind === 'reference').map((r) => [r.id, 'auto'])),
  );
  const [refusal, setRefusal] = useState<string | null>(null);

  const preview = useMemo(() => {
    try {
      return { changes: applyColumnMapping(template.doc, { roles: mapping }, { datasetSource: 'upload' }).changes, error: null };
    } catch (e) {
      if (!(e instanceof TemplateRoleError)) throw e;
      return { changes: [], error: e.message };
    }
  }, [template.doc, mapping]);

  const set = (id: string, v: MappedValue) => {
    setRefusal(null);
    setMapping((m) => ({ ...m, [id]: v }));
  };

  const apply = () => {
    try {
      onApply(applyColumnMapping(template.doc, { roles: mapping }, { datasetSource: 'upload' }).doc);
    } catch (e) {
      if (!(e instanceof TemplateRoleError)) throw e;
      setRefusal(e.message);
    }
  };

  const picker = (r: TemplateRole) => {
    const current = mapping[r.id];
    const value = current === null ? NOT_IN_DATA : Array.isArray(current) ? current[0] ?? '' : current ?? '';
    const id = `cf-map-${r.id}`;
    let options: string[];
    if (r.kind === 'dataset') options = datasets.map((d) => d.name);
    else if (COLUMN_KINDS.has(r.kind)) options = columnsFor(r, mapping, datasets);
    else options = valuesFor(r, roles, mapping, datasets);
    const listId = `${id}-list`;
    return (
      <>
        <input
          id={id}
          className="cf-input"
          list={listId}
          value={value === NOT_IN_DATA ? '' : value}
          disabled={value === NOT_IN_DATA}
          placeholder={r.kind === 'dataset' && datasets.length === 0 ? 'Upload a dataset first' : `template: ${sampleText(r)}`}
          aria-required={r.required}
          aria-describedby={`${id}-help`}
          onChange={(e) => set(r.id, e.target.value)}
          data-testid={`map-role-${r.id}`}
        />
        <datalist id={listId}>
          {options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        {r.droppable && (
          <label className="cf-map-drop">
            <input type="checkbox" checked={value === NOT_IN_DATA} onChange={(e) => set(r.id, e.target.checked ? null : '')} /> not in my data
          </label>
        )}
      </>
    );
  };

  return (
    <dialog ref={ref} className="cf-dialog cf-map-dialog" aria-labelledby="cf-map-title" onClose={onClose} onCancel={onClose} data-testid="map-columns-dialog">
      <h2 id="cf-map-title">Map your columns: {template.name}</h2>
      <p className="cf-muted">
        Tell the template which of your tables, columns and values play each role. Required roles are marked *. The reference group is
        “auto” by default: the group with the highest selection rate, as Local Law 144 impact ratios use.
      </p>
      <table className="cf-map-table">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Your data</th>
            <th scope="col">In the template</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <label htmlFor={`cf-map-${r.id}`}>
                  {r.label}
                  {r.required && <span aria-hidden="true"> *</span>}
                </label>
                <span id={`cf-map-${r.id}-help`} className="cf-muted cf-map-kind">
                  {r.kind}
                  {r.help ? ` — ${r.help}` : ''}
                </span>
              </th>
              <td>{picker(r)}</td>
              <td>
                <code>{sampleText(r)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Preview</h3>
      {preview.error ? (
        <p className="cf-muted" data-testid="map-preview-pending">
          {preview.error}
        </p>
      ) : (
        <ul className="cf-map-preview" data-testid="map-preview">
          {preview.changes.length === 0 && <li className="cf-muted">Nothing changes: the template is used as it is.</li>}
          {preview.changes.map((c, i) => (
            <li key={i}>
              <code>{c.nodeId}</code> {c.param}: <code>{JSON.stringify(c.from)}</code> → <code>{JSON.stringify(c.to)}</code>
            </li>
          ))}
        </ul>
      )}
      {refusal && (
        <p role="alert" className="cf-map-refusal" data-testid="map-refusal">
          {refusal}
        </p>
      )}
      <div className="cf-dialog-actions">
        <button type="button" className="cf-btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="cf-btn cf-btn-primary" onClick={apply} data-testid="map-apply">
          Apply to my data
        </button>
      </div>
    </dialog>
  );
}
