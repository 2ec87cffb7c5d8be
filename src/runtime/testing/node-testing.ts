/**
 * Running node definitions in tests without a worker pool: a bare context whose ctx.parallel runs the
 * registry's kernels in this thread, and `runNode()`, which also applies param defaults and collects
 * the node's log. The registry is the built-in one plus the nodes a test brings (e.g. a node package's),
 * and its model scorers are installed in this thread, as every host does.
 */
import { builtinNodes } from '../../../nodes/index.ts';
import type { AnyNodeDefinition, InputValues, NodeContext, NodeDefinition, OutputValues, PortSpecs } from '../../core/node-definition.ts';
import { withDefaults, type ParamSpecs, type ParamValues } from '../../core/params.ts';
import { createRegistry, type NodeRegistry } from '../../core/registry.ts';
import { installScorers } from '../../ml/models/scorers.ts';
import { createNodeContext, type NodeContextOptions } from '../node-context.ts';

export { SuspendSignal } from '../node-context.ts';

/** The built-in nodes plus `extra` (those not built in), with their scorers installed in this thread. */
export function testRegistryWith(extra: AnyNodeDefinition[] = []): NodeRegistry {
  const builtinTypes = new Set(builtinNodes.map((d) => d.type));
  const registry = createRegistry([...builtinNodes, ...extra.filter((d) => !builtinTypes.has(d.type))]);
  installScorers(registry.scorers());
  return registry;
}

let builtinRegistry: NodeRegistry | undefined;

export interface TestContextOptions extends Partial<NodeContextOptions> {
  /** Node definitions besides the built-in ones whose kernels and scorers the context needs. */
  nodes?: AnyNodeDefinition[];
}

/**
 * A bare node context for unit tests: no pool, so ctx.parallel runs kernels here (and logs that it
 * did); any option of the real context (onLog, parallel, decisions, readDataset, …) may be given.
 */
export function testContext(o: TestContextOptions = {}): NodeContext {
  const { nodes, ...options } = o;
  const registry = nodes?.length ? testRegistryWith(nodes) : (builtinRegistry ??= testRegistryWith());
  return createNodeContext({ kernels: registry.kernel, ...options, nodeId: options.nodeId ?? 'test' });
}

export interface LogLine {
  message: string;
  level: 'info' | 'warn';
}

/**
 * Runs one node as the runtime would, in this thread: params are completed with their defaults and
 * checked by the definition's own types; returns its outputs and what it logged.
 */
export async function runNode<I extends PortSpecs, O extends PortSpecs, P extends ParamSpecs>(
  def: NodeDefinition<I, O, P>,
  args: { inputs: InputValues<I>; params?: Partial<ParamValues<P>> | Record<string, unknown>; context?: TestContextOptions },
): Promise<{ outputs: OutputValues<O>; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const context = args.context ?? {};
  const ctx = testContext({
    nodeId: def.type,
    ...context,
    nodes: [def as AnyNodeDefinition, ...(context.nodes ?? [])],
    onLog: (message, level) => {
      logs.push({ message, level });
      context.onLog?.(message, level);
    },
  });
  const params = withDefaults(def.params, (args.params ?? {}) as Record<string, unknown>);
  const outputs = await def.run({ inputs: args.inputs, params, ctx });
  return { outputs, logs };
}
