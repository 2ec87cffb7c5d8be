/**
 * Loading pipeline documents: JSON text or values → limits (size, nesting; document-limits.ts) →
 * forward migrations → validation against the schema in document.ts → node upgrades. Never throws: everything wrong comes back as problems that name the document path
 * (e.g. "nodes[3].position.x") and, where known, the node.
 */
import { z } from 'zod';
import { checkDocumentText, checkDocumentValue } from './document-limits.ts';
import { CURRENT_SCHEMA_VERSION, PipelineDocumentSchema, type PipelineDocument, type PipelineNode } from './document.ts';
import { problem, type Problem } from './errors.ts';
import type { NodeRegistry } from './registry.ts';

/** JSON Schema (draft 2020-12) of the current document version. */
export function pipelineJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://crispflow.local/pipeline.schema.json',
    ...(z.toJSONSchema(PipelineDocumentSchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
  };
}

// ---------------------------------------------------------------------------------------------
// Document migrations: ordered, each lifts raw JSON from `from` to `from + 1`. They run before
// validation, so they must cope with any shape (leave what they do not understand for validation).

export interface DocumentMigration {
  from: number;
  /** What changed, for the changelog and tests. */
  description: string;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * v0 is the prototype's format, which had no schemaVersion:
 * `{ name, description?, nodes: [{ id, type, params?, x, y }], links: [{ source, sourcePort, target, targetPort }] }`.
 */
function migrateV0(raw: Record<string, unknown>): Record<string, unknown> {
  const { name, description, links, nodes, ...rest } = raw;
  const metadata: Record<string, unknown> = isRecord(raw.metadata)
    ? { ...raw.metadata }
    : { name: typeof name === 'string' ? name : 'Untitled pipeline' };
  if (typeof description === 'string' && metadata.description === undefined) metadata.description = description;
  const out: Record<string, unknown> = { ...rest, metadata, schemaVersion: 1 };
  out.nodes = Array.isArray(nodes)
    ? nodes.map((n) => {
        if (!isRecord(n)) return n;
        const { x, y, ...node } = n;
        return {
          ...node,
          version: node.version ?? 1,
          params: node.params ?? {},
          position: node.position ?? { x: x ?? 0, y: y ?? 0 },
        };
      })
    : nodes;
  const legacyLinks = links ?? raw.edges;
  out.edges = Array.isArray(legacyLinks)
    ? legacyLinks.map((l) =>
        isRecord(l) && !('from' in l)
          ? { from: { node: l.source, port: l.sourcePort }, to: { node: l.target, port: l.targetPort } }
          : l,
      )
    : (legacyLinks ?? []);
  return out;
}

export const DOCUMENT_MIGRATIONS: readonly DocumentMigration[] = [
  {
    from: 0,
    description: 'Prototype format: links → edges with {node, port} ends, x/y → position, name → metadata.',
    migrate: migrateV0,
  },
];

/** Lifts a raw document to the current schema version (no validation). */
export function migrateDocument(
  raw: unknown,
  migrations: readonly DocumentMigration[] = DOCUMENT_MIGRATIONS,
): { raw?: Record<string, unknown>; problems: Problem[] } {
  if (!isRecord(raw)) {
    return {
      problems: [
        problem('CF012', { detail: `expected a JSON object, found ${describeValue(raw)}` }, { field: '(document)' }),
      ],
    };
  }
  const v = raw.schemaVersion ?? 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    return {
      problems: [
        problem(
          'CF012',
          { detail: `schemaVersion must be a whole number, found ${describeValue(raw.schemaVersion)}` },
          { field: 'schemaVersion' },
        ),
      ],
    };
  }
  if (v > CURRENT_SCHEMA_VERSION) {
    return {
      problems: [
        problem(
          'CF012',
          {
            detail: `it was saved by a newer Crispflow (schema version ${v}; this one reads up to ${CURRENT_SCHEMA_VERSION}). Update Crispflow to open it`,
          },
          { field: 'schemaVersion' },
        ),
      ],
    };
  }
  let doc = raw;
  for (let from = v; from < CURRENT_SCHEMA_VERSION; from++) {
    const m = migrations.find((x) => x.from === from);
    if (!m) {
      return {
        problems: [
          problem('CF012', { detail: `no migration from schema version ${from}` }, { field: 'schemaVersion' }),
        ],
      };
    }
    try {
      const next = m.migrate(doc);
      doc = { ...next, schemaVersion: from + 1 };
    } catch (e) {
      return {
        problems: [
          problem(
            'CF012',
            { detail: `upgrading from schema version ${from} failed (${errorText(e)})` },
            { field: 'schemaVersion' },
          ),
        ],
      };
    }
  }
  return { raw: doc, problems: [] };
}

// ---------------------------------------------------------------------------------------------
// Validation

/** "nodes[3].position.x" from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out || '(document)';
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 30 ? `text "${v.slice(0, 30)}…"` : `text "${v}"`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

const ARTICLE: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  object: 'an object',
  array: 'a list',
  record: 'an object',
  boolean: 'true or false',
};

/** Checks the shape of a current-version document; problems name the path and the node. */
export function validateDocument(raw: unknown): { doc?: PipelineDocument; problems: Problem[] } {
  const result = PipelineDocumentSchema.safeParse(raw);
  if (result.success) return { doc: result.data as PipelineDocument, problems: [] };
  const problems = result.error.issues.map((issue) => {
    const field = formatPath(issue.path);
    const found = valueAt(raw, issue.path);
    let detail: string;
    if (issue.code === 'invalid_type') {
      const expected = ARTICLE[issue.expected] ?? issue.expected;
      detail =
        found === undefined ? `${field} is missing (expected ${expected})` : `${field} must be ${expected}, found ${describeValue(found)}`;
    } else if (issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'schemaVersion') {
      detail = `schemaVersion must be ${CURRENT_SCHEMA_VERSION}, found ${describeValue(found)}`;
    } else {
      detail = `${field} ${issue.message.replace(/^Invalid input: /, '')}`;
    }
    return problem('CF012', { detail }, { field, nodeId: nodeIdAt(raw, issue.path) });
  });
  return { problems };
}

// ---------------------------------------------------------------------------------------------
// Node upgrades (need the registry): aliases → current type, params migrated to the current version.

/**
 * Resolves type aliases and runs each definition's param migrations for nodes saved by an older
 * version. A node newer than its definition is kept as is and reported (CF013); unknown types are
 * left for the compiler to report.
 */
export function upgradeNodes(doc: PipelineDocument, registry: NodeRegistry): { doc: PipelineDocument; problems: Problem[] } {
  const problems: Problem[] = [];
  const nodes = doc.nodes.map((node): PipelineNode => {
    const def = registry.get(node.type);
    if (!def) return node;
    const type = def.type;
    if (node.version > def.version) {
      problems.push(
        problem('CF013', { version: node.version, supported: def.version }, { nodeId: node.id, field: 'version' }),
      );
      return { ...node, type };
    }
    if (node.version === def.version) return type === node.type ? node : { ...node, type };
    let params = node.params;
    for (let from = node.version; from < def.version; from++) {
      const m = def.migrations?.find((x) => x.from === from);
      if (!m) continue; // no param changes in that version
      try {
        const next: unknown = m.migrate(structuredClone(params));
        if (!isRecord(next)) throw new Error('the migration did not return an object of parameters');
        params = next;
      } catch (e) {
        problems.push(
          problem('CF016', { type, from, detail: errorText(e) }, { nodeId: node.id, field: 'params' }),
        );
        return { ...node, type };
      }
    }
    return { ...node, type, version: def.version, params };
  });
  return { doc: { ...doc, nodes }, problems };
}

/**
 * Validate + migrate: JSON text or a parsed value → a current-version document. With a registry,
 * node types and params are upgraded too. `doc` is absent when the file's shape is broken
 * (every shape problem is listed); node-level upgrade problems keep the doc.
 */
export function parsePipeline(json: unknown, registry?: NodeRegistry): { doc?: PipelineDocument; problems: Problem[] } {
  try {
    let value = json;
    if (typeof json === 'string') {
      const tooLarge = checkDocumentText(json);
      if (tooLarge) return { problems: [problem('CF012', { detail: tooLarge.detail }, { field: tooLarge.field })] };
      try {
        value = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
      } catch (e) {
        return { problems: [problem('CF012', { detail: `the JSON cannot be read (${errorText(e)})` }, { field: '(document)' })] };
      }
    }
    const outOfBounds = checkDocumentValue(value);
    if (outOfBounds) {
      const nodeId = outOfBounds.path && nodeIdAt(value, outOfBounds.path);
      return { problems: [problem('CF012', { detail: outOfBounds.detail }, { field: outOfBounds.field, nodeId })] };
    }
    const migrated = migrateDocument(value);
    if (!migrated.raw) return { problems: migrated.problems };
    const validated = validateDocument(migrated.raw);
    if (!validated.doc || !registry) return validated;
    return upgradeNodes(validated.doc, registry);
  } catch (e) {
    // Defensive: exotic inputs (getters that throw, proxies) must not crash the caller.
    return { problems: [problem('CF012', { detail: `it could not be read (${errorText(e)})` }, { field: '(document)' })] };
  }
}

/** The id of the node a document path lies in ("nodes[3]…" → nodes[3].id), if it is a usable string. */
function nodeIdAt(raw: unknown, path: ReadonlyArray<PropertyKey>): string | undefined {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
  const id = valueAt(raw, ['nodes', path[1], 'id']);
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The file form of a document (stable 2-space JSON). */
export function serializePipeline(doc: PipelineDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
