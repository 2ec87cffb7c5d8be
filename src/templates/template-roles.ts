/**
 * Template roles: what a template needs from people's own data (the outcome column and its favourable
 * value, protected attributes, id, dates, text, other named columns, the tables themselves), declared
 * in the template's `metadata.roles`. Each role names the params it fills ("nodeId.param"), so applying
 * a mapping (apply-mapping.ts) rewrites exactly those params and nothing else.
 * Pure: no DOM, no Node; used by the CLI (`--map`) and the designer's "map your columns" dialog.
 */

export type RoleKind =
  | 'dataset' // a table: the dataset-source node's file name
  | 'target' // the outcome column
  | 'favourable' // the outcome value that is the good outcome (e.g. Interview, Y, 1)
  | 'protected' // protected attribute column(s)
  | 'reference' // the reference (privileged) group of a protected attribute: "auto" by default
  | 'id'
  | 'date'
  | 'text'
  | 'column' // any other named column
  | 'value'; // any other value a param holds (a department name, a cut-off date)

export const ROLE_KINDS: readonly RoleKind[] = ['dataset', 'target', 'favourable', 'protected', 'reference', 'id', 'date', 'text', 'column', 'value'];

/** Kinds whose values are column names of a table (the dialog offers a column picker). */
export const COLUMN_KINDS: ReadonlySet<RoleKind> = new Set(['target', 'protected', 'id', 'date', 'text', 'column']);

export interface TemplateRole {
  /** Stable key used in mapping files, e.g. "target", "protected", "engagement". */
  id: string;
  kind: RoleKind;
  /** Shown in the dialog: "Outcome column". */
  label: string;
  help?: string;
  /** A required role must be mapped; the mapping is refused, naming it, otherwise. */
  required: boolean;
  /** Several columns allowed (protected attributes). */
  multiple?: boolean;
  /** May be mapped to null: the column is not in your data and is left out of the lists that name it. */
  droppable?: boolean;
  /** What the template uses with the sample data (column name(s) or value). */
  sample: string | string[];
  /** Column roles: the dataset role whose table holds the column. */
  dataset?: string;
  /** favourable / reference / value roles: the column role whose values are offered. */
  of?: string;
  /** The params this role fills, as "nodeId.param". */
  uses: string[];
}

export class TemplateRoleError extends Error {
  constructor(
    message: string,
    readonly role?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TemplateRoleError';
  }
}

const ID = /^[A-Za-z][\w-]{0,63}$/;

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * Reads `metadata.roles` of a template document. Returns [] for a pipeline without roles; throws a
 * TemplateRoleError naming the role and field for a malformed declaration.
 */
export function templateRoles(doc: { metadata?: unknown; nodes: Array<{ id: string; params?: Record<string, unknown> }> }): TemplateRole[] {
  const raw = (doc.metadata as { roles?: unknown } | undefined)?.roles;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new TemplateRoleError('metadata.roles must be a list of role declarations.', undefined, 'roles');
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const roles = raw.map((r, i): TemplateRole => {
    const where = `metadata.roles[${i}]`;
    if (typeof r !== 'object' || r === null) throw new TemplateRoleError(`${where} must be an object.`);
    const o = r as Record<string, unknown>;
    const id = o.id;
    if (typeof id !== 'string' || !ID.test(id)) throw new TemplateRoleError(`${where}: "id" must be a name of letters, digits, "-" or "_".`, undefined, 'id');
    if (seen.has(id)) throw new TemplateRoleError(`Role "${id}" is declared twice.`, id, 'id');
    seen.add(id);
    if (!ROLE_KINDS.includes(o.kind as RoleKind)) throw new TemplateRoleError(`Role "${id}": "kind" must be one of ${ROLE_KINDS.join(', ')}.`, id, 'kind');
    if (typeof o.label !== 'string' || !o.label) throw new TemplateRoleError(`Role "${id}": "label" is missing.`, id, 'label');
    if (!(typeof o.sample === 'string' || isStringList(o.sample))) throw new TemplateRoleError(`Role "${id}": "sample" must be a text or a list of texts.`, id, 'sample');
    if (!isStringList(o.uses) || o.uses.length === 0) throw new TemplateRoleError(`Role "${id}": "uses" must list the params it fills as "node.param".`, id, 'uses');
    for (const u of o.uses) {
      const [nodeId, paramName] = u.split('.');
      const node = nodes.get(nodeId);
      if (!node || !paramName || !(paramName in (node.params ?? {}))) {
        throw new TemplateRoleError(`Role "${id}" uses "${u}", but the template has no such node param.`, id, 'uses');
      }
    }
    return {
      id,
      kind: o.kind as RoleKind,
      label: o.label,
      help: typeof o.help === 'string' ? o.help : undefined,
      required: o.required === true,
      multiple: o.multiple === true,
      droppable: o.droppable === true,
      sample: o.sample,
      dataset: typeof o.dataset === 'string' ? o.dataset : undefined,
      of: typeof o.of === 'string' ? o.of : undefined,
      uses: o.uses,
    };
  });
  for (const r of roles) {
    for (const [field, ref] of [['dataset', r.dataset], ['of', r.of]] as const) {
      if (ref !== undefined && !seen.has(ref)) throw new TemplateRoleError(`Role "${r.id}": "${field}" names the role "${ref}", which is not declared.`, r.id, field);
    }
  }
  return roles;
}
