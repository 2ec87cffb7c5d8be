/**
 * Every problem a user can see comes from here: a stable code and a sentence that says what to do.
 * Messages take the specific names (node, port, column) so they stand on their own.
 */
export const PROBLEMS = {
  CF001: (a: { type: string }) =>
    `Unknown node type "${a.type}". Remove this node or update Crispflow to a version that has it.`,
  CF002: (a: { port: string }) => `Input "${a.port}" is not connected. Connect an upstream node to it.`,
  CF003: (a: { from: string; to: string; port: string }) =>
    `Input "${a.port}" expects ${a.to} but the connected output gives ${a.from}. Connect an output of type ${a.to}.`,
  CF004: (a: { cycle: string[] }) =>
    `These nodes form a cycle: ${a.cycle.join(' → ')}. Remove one of the connections so data flows one way.`,
  CF005: (a: { param: string; reason: string }) => `Parameter "${a.param}" ${a.reason}. Change it in the inspector.`,
  CF006: (a: { param: string }) => `Parameter "${a.param}" is missing. Set it in the inspector.`,
  CF007: (a: { param: string; column: string; available: string[] }) =>
    `Parameter "${a.param}" names column "${a.column}", which the input does not have. Choose one of: ${
      a.available.slice(0, 20).join(', ') || '(no columns)'
    }${a.available.length > 20 ? ', …' : ''}.`,
  CF008: (a: { port: string; side: 'input' | 'output'; available: string[] }) =>
    `This node has no ${a.side} port "${a.port}" (it has: ${a.available.join(', ') || 'none'}). Reconnect the edge to an existing port.`,
  CF009: (a: { port: string }) =>
    `Input "${a.port}" has more than one connection. Keep one; use a join or union node to combine tables.`,
  CF010: (a: { id: string }) => `Two nodes share the id "${a.id}". Give each node a unique id.`,
  CF011: (a: { node: string }) =>
    `An edge refers to node "${a.node}", which is not in the pipeline. Delete the edge or add the node.`,
  CF012: (a: { detail: string }) => `This is not a valid pipeline file: ${a.detail}.`,
  CF013: (a: { version: number; supported: number }) =>
    `Saved with node version ${a.version}, newer than this Crispflow supports (${a.supported}). Update Crispflow.`,
  CF014: (a: { detail: string }) => `${a.detail}`,
  CF015: (a: { column: string; expected: string; actual: string; param: string }) =>
    `Parameter "${a.param}" needs a ${a.expected} column but "${a.column}" is ${a.actual}. Choose another column or convert it first.`,
  CF016: (a: { type: string; from: number; detail: string }) =>
    `The settings saved by version ${a.from} of "${a.type}" could not be upgraded: ${a.detail}. Check this node's parameters and save the pipeline again.`,
  CF017: (a: { node: string }) =>
    `Cannot run up to node "${a.node}": it is not in the pipeline. Choose an existing node.`,
  CF018: (a: { param: string; type: string; suggestion?: string; known: string[] }) =>
    `"${a.param}" is not a parameter of "${a.type}", so it is ignored. ${
      a.suggestion ? `Did you mean "${a.suggestion}"?` : `Its parameters are: ${a.known.join(', ') || '(none)'}.`
    } Rename or remove it.`,
  CF019: (a: { name: string; param: string; reason: string }) =>
    `Dataset name "${a.name}" in parameter "${a.param}" is refused: ${a.reason}. Name a file inside the data folders (subfolders with "/"); to read from elsewhere, point --data at that folder.`,
  CF020: (a: { detail: string }) => `The node failed: ${a.detail}`,
  CF021: (a: { detail: string }) =>
    `The worker running this node stopped unexpectedly (${a.detail}). It was replaced; try again with less data or simpler settings.`,
  CF022: () => `Stopped by the user.`,
  CF023: (a: { failed: string }) => `Skipped because upstream node "${a.failed}" did not finish.`,
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export interface Problem {
  code: ProblemCode;
  message: string;
  nodeId?: string;
  /** Param name, port name or document path (e.g. "nodes[3].params.C"). */
  field?: string;
  severity: 'error' | 'warning';
}

export function problem<C extends ProblemCode>(
  code: C,
  args: Parameters<(typeof PROBLEMS)[C]>[0],
  where: { nodeId?: string; field?: string; severity?: 'error' | 'warning' } = {},
): Problem {
  const make = PROBLEMS[code] as (a: unknown) => string;
  return { code, message: make(args), severity: where.severity ?? 'error', nodeId: where.nodeId, field: where.field };
}

/** An error a node throws for a user-facing reason (bad data, bad config); the runtime shows its message as is. */
export class NodeError extends Error {
  constructor(
    message: string,
    readonly details: { row?: number; column?: string; field?: string } = {},
  ) {
    super(message);
    this.name = 'NodeError';
  }
}
