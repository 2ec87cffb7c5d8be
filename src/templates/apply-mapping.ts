/**
 * Applies a column mapping to a template: each role's params get the user's column names and values.
 * One implementation for the CLI (`run --map`, `template apply`) and the designer's dialog.
 *
 * Mapping file: `{ "roles": { "<role id>": "column" | ["col", …] | "value" | null } }`.
 * Rewrite rules, per param a role uses:
 *   - value kinds (dataset, favourable, reference, value): the param becomes the mapped text;
 *   - column kinds: a text equal to the template's column becomes the user's column; a text that starts
 *     with it and "_" (a name derived from it, e.g. engagement_score_delta_3) keeps its suffix; in a list,
 *     the same per entry, and a dropped (null) column leaves the list with what was derived from it.
 * A role left out keeps the template's value, unless it is required: then the mapping is refused, naming it.
 */
import { COLUMN_KINDS, TemplateRoleError, templateRoles, type TemplateRole } from './template-roles.ts';

export type MappedValue = string | string[] | null;

export interface ColumnMapping {
  roles: Record<string, MappedValue>;
}

export interface MappingChange {
  role: string;
  nodeId: string;
  param: string;
  from: unknown;
  to: unknown;
}

interface DocLike {
  metadata?: unknown;
  nodes: Array<{ id: string; params?: Record<string, unknown> }>;
}

/** Reads a mapping from parsed JSON; throws TemplateRoleError naming the field for a bad shape. */
export function parseColumnMapping(json: unknown): ColumnMapping {
  const roles = (json as { roles?: unknown } | null)?.roles;
  if (typeof roles !== 'object' || roles === null || Array.isArray(roles)) {
    throw new TemplateRoleError('A mapping file is an object with "roles": { "<role>": "<your column or value>" }.', undefined, 'roles');
  }
  const out: Record<string, MappedValue> = Object.create(null) as Record<string, MappedValue>;
  for (const [k, v] of Object.entries(roles)) {
    const ok = v === null || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (!ok) throw new TemplateRoleError(`Mapping of role "${k}" must be a text, a list of texts or null.`, k, `roles.${k}`);
    out[k] = v as MappedValue;
  }
  return { roles: out };
}

function asList(v: string | string[]): string[] {
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s !== '');
}

/** The mapped value of every role, checked against the declarations (unknown or empty required roles refused). */
export function resolveMapping(roles: TemplateRole[], mapping: ColumnMapping): Map<string, string[] | null> {
  const byId = new Map(roles.map((r) => [r.id, r]));
  for (const k of Object.keys(mapping.roles)) {
    if (!byId.has(k)) {
      throw new TemplateRoleError(`The mapping names the role "${k}", which this template does not declare (roles: ${roles.map((r) => r.id).join(', ')}).`, k);
    }
  }
  const resolved = new Map<string, string[] | null>();
  for (const r of roles) {
    const has = Object.prototype.hasOwnProperty.call(mapping.roles, r.id);
    const v = has ? mapping.roles[r.id] : undefined;
    if (v === null) {
      if (!r.droppable) {
        throw new TemplateRoleError(`Role "${r.label}" (${r.id}) cannot be left out: the template needs it. Map it to one of your columns.`, r.id);
      }
      resolved.set(r.id, null);
      continue;
    }
    const list = v === undefined ? [] : asList(v);
    if (list.length === 0) {
      if (r.required) {
        throw new TemplateRoleError(`The mapping leaves the required role "${r.label}" (${r.id}) empty. Map it to ${COLUMN_KINDS.has(r.kind) ? 'a column of your data' : 'a value of your data'}.`, r.id);
      }
      resolved.set(r.id, asList(r.sample));
      continue;
    }
    if (list.length > 1 && !r.multiple) {
      throw new TemplateRoleError(`Role "${r.label}" (${r.id}) takes one ${COLUMN_KINDS.has(r.kind) ? 'column' : 'value'}, but the mapping gives ${list.length}.`, r.id);
    }
    resolved.set(r.id, list);
  }
  return resolved;
}

function renameColumn(value: string, from: string[], to: string[]): string {
  for (let i = 0; i < from.length; i++) {
    const target = to[Math.min(i, to.length - 1)];
    if (value === from[i]) return target;
    if (value.startsWith(`${from[i]}_`)) return target + value.slice(from[i].length);
  }
  return value;
}

function mapsToColumn(value: string, from: string[]): boolean {
  return from.some((f) => value === f || value.startsWith(`${f}_`));
}

function rewriteParam(role: TemplateRole, current: unknown, mapped: string[] | null, where: string): unknown {
  const sample = asList(role.sample);
  if (!COLUMN_KINDS.has(role.kind)) {
    if (mapped === null) throw new TemplateRoleError(`Role "${role.label}" (${role.id}) cannot be left out: ${where} needs a value.`, role.id);
    return mapped[0];
  }
  if (typeof current === 'string') {
    if (mapped === null) {
      if (mapsToColumn(current, sample)) throw new TemplateRoleError(`Role "${role.label}" (${role.id}) cannot be left out: ${where} names it.`, role.id);
      return current;
    }
    return renameColumn(current, sample, mapped);
  }
  if (Array.isArray(current)) {
    const out: string[] = [];
    for (const item of current) {
      if (typeof item !== 'string') return current;
      if (mapped === null) {
        if (!mapsToColumn(item, sample)) out.push(item);
      } else if (role.multiple && sample.includes(item)) {
        out.push(...mapped);
      } else {
        out.push(renameColumn(item, sample, mapped));
      }
    }
    return [...new Set(out)];
  }
  return current;
}

/**
 * Returns a copy of the template with the mapping applied and what changed. The copy's roles keep their
 * declarations with the mapped values as samples, so it can be mapped again.
 */
export function applyColumnMapping<D extends DocLike>(
  doc: D,
  mapping: ColumnMapping,
  options: { datasetSource?: 'file' | 'upload' } = {},
): { doc: D; changes: MappingChange[] } {
  const roles = templateRoles(doc);
  if (roles.length === 0) throw new TemplateRoleError('This pipeline declares no roles (metadata.roles), so there is nothing to map.', undefined, 'roles');
  const resolved = resolveMapping(roles, mapping);
  const copy = structuredClone(doc);
  const nodes = new Map(copy.nodes.map((n) => [n.id, n]));
  const changes: MappingChange[] = [];
  for (const role of roles) {
    const mapped = resolved.get(role.id) ?? null;
    for (const use of role.uses) {
      const [nodeId, paramName] = use.split('.');
      const params = nodes.get(nodeId)!.params!;
      const before = params[paramName];
      const after = rewriteParam(role, before, mapped, `node "${nodeId}" param "${paramName}"`);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        params[paramName] = after;
        changes.push({ role: role.id, nodeId, param: paramName, from: before, to: after });
        // Your own table is not a built-in sample: the CLI finds it in --data, the designer among uploads.
        if (role.kind === 'dataset' && params.source === 'sample') {
          const source = options.datasetSource ?? 'file';
          changes.push({ role: role.id, nodeId, param: 'source', from: params.source, to: source });
          params.source = source;
        }
      }
    }
  }
  const meta = copy.metadata as { roles: Array<Record<string, unknown>> };
  meta.roles = meta.roles.map((r) => {
    const v = resolved.get(r.id as string);
    if (v === null) return { ...r, sample: [] };
    const multiple = r.multiple === true || Array.isArray(r.sample);
    return v ? { ...r, sample: multiple ? v : v[0] } : r;
  });
  return { doc: copy, changes };
}
