/**
 * The pipeline document (what is saved in files and IndexedDB): its zod schema, and the TypeScript types
 * derived from it, so the two cannot drift apart. Loading (limits, migration, validation): document-io.ts.
 * public/pipeline.schema.json is generated from this schema (scripts/gen-pipeline-schema.ts).
 */
import { z } from 'zod';
import { PipelineScheduleSchema } from './schedule.ts';

export const CURRENT_SCHEMA_VERSION = 1;

/**
 * Node ids: a letter, then letters, digits, "-" or "_", 64 characters at most ("split", "train-lr").
 * They become object keys, file names (models/<id>.model.json) and audit entries, so nothing that could
 * name a path or a built-in property of JavaScript objects is accepted.
 */
export const NODE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const NODE_ID_MAX_LENGTH = 64;

/**
 * Names that match the pattern but are properties every JavaScript object has (Object.prototype) or
 * "prototype": as keys of plain objects they would read or replace built-ins instead of a node's entry.
 */
export const RESERVED_NODE_IDS: readonly string[] = [
  'constructor',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
];

/** Why `id` cannot be a node id (a sentence fragment), or undefined when it can. */
export function nodeIdProblem(id: string): string | undefined {
  if (RESERVED_NODE_IDS.includes(id) || id === '__proto__') {
    return `"${id}" is a reserved name (a built-in property of JavaScript objects)`;
  }
  if (id.length > NODE_ID_MAX_LENGTH) return `it is ${id.length} characters long; ${NODE_ID_MAX_LENGTH} at most`;
  if (!/^[A-Za-z]/.test(id)) return 'it must start with a letter';
  if (!NODE_ID_PATTERN.test(id)) return 'it may contain only letters, digits, "-" and "_"';
  return undefined;
}

/** A safe id close to a rejected one, for the error message ("Train LR" → "Train-LR"). */
export function suggestNodeId(id: string): string {
  let s = id.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z]+/, '').replace(/-+$/, '');
  if (s === '' || RESERVED_NODE_IDS.includes(s)) s = `node-${s}`.replace(/-+$/, '');
  return s.slice(0, NODE_ID_MAX_LENGTH);
}

const nonEmpty = z.string().min(1, { error: 'must not be empty' });

/** The rules of nodeIdProblem as one regular expression, so editors validating with the JSON Schema agree. */
const NODE_ID_JSON_PATTERN = `^(?!(?:${RESERVED_NODE_IDS.join('|')})$)[A-Za-z][A-Za-z0-9_-]{0,63}$`;

const NodeIdSchema = z
  .string()
  .regex(new RegExp(NODE_ID_JSON_PATTERN), {
    error: (issue) => {
      const id = String(issue.input);
      return `"${id.length > 40 ? `${id.slice(0, 40)}…` : id}" is not a usable node id: ${nodeIdProblem(id) ?? 'it does not match the pattern'}. Rename the node (e.g. to "${suggestNodeId(id)}") and the edges that name it`;
    },
  })
  .meta({
    description:
      'Unique within the pipeline; readable (e.g. "split", "train-lr"): a letter, then letters, digits, "-" or "_", at most 64 characters; not a built-in JavaScript property name.',
  });

const PortRefSchema = z.object({
  node: nonEmpty.meta({ description: 'Id of the node.' }),
  port: nonEmpty.meta({ description: "Name of the node's port." }),
});

export const PipelineNodeSchema = z.object({
  id: NodeIdSchema,
  type: nonEmpty.meta({ description: 'Node type, e.g. "select-columns".' }),
  version: z.int().min(1).meta({ description: 'Version of the node type that saved these params.' }),
  params: z.record(z.string(), z.unknown()).meta({ description: 'Parameter values; absent ones take defaults.' }),
  position: z.object({ x: z.number(), y: z.number() }).meta({ description: 'Canvas position.' }),
  label: z.string().optional().meta({ description: 'Optional display name on the canvas.' }),
});

export const PipelineEdgeSchema = z.object({
  id: z.string().optional(),
  from: PortRefSchema.meta({ description: 'The upstream output.' }),
  to: PortRefSchema.meta({ description: 'The downstream input.' }),
});

/** A named set of nodes the designer can fold into one card (UI only: runs ignore it). */
export const NodeGroupSchema = z.object({
  id: nonEmpty.meta({ description: 'Unique among the groups.' }),
  label: z.string().meta({ description: 'Shown on the group frame and on the folded card.' }),
  nodes: z.array(NodeIdSchema).min(2).meta({ description: 'Ids of the member nodes (a node belongs to at most one group).' }),
  folded: z.boolean().optional().meta({ description: 'Shown as one card on the canvas.' }),
});

/** Designer-only view data; optional, ignored by runs and the CLI. */
export const PipelineUiSchema = z.looseObject({
  groups: z.array(NodeGroupSchema).optional(),
});

export const PipelineMetadataSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  seed: z.int().optional().meta({ description: 'Seed for every random step (splits, model init).' }),
  schedule: PipelineScheduleSchema.optional(),
  ui: PipelineUiSchema.optional().meta({ description: 'Designer view data (node groups); runs ignore it.' }),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export const PipelineDocumentSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    metadata: PipelineMetadataSchema,
    nodes: z.array(PipelineNodeSchema),
    edges: z.array(PipelineEdgeSchema),
  })
  .meta({
    title: 'Crispflow pipeline',
    description: 'A Crispflow pipeline document: nodes, the edges between their ports, and metadata.',
  });

export type PipelineNode = z.output<typeof PipelineNodeSchema>;
export type PortRef = z.output<typeof PortRefSchema>;
export type PipelineEdge = z.output<typeof PipelineEdgeSchema>;
export type PipelineMetadata = z.output<typeof PipelineMetadataSchema>;
export type NodeGroup = z.output<typeof NodeGroupSchema>;
/** A current-version document, as validateDocument returns it. */
export type PipelineDocument = Omit<z.output<typeof PipelineDocumentSchema>, 'schemaVersion'> & { schemaVersion: number };

export function edgeId(e: PipelineEdge): string {
  return e.id ?? `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;
}
