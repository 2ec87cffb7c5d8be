import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { inputSchemasOf } from '../../core/compiler.ts';
import type { Problem } from '../../core/errors.ts';
import { isParamVisible, withDefaults, type ParamSpecs } from '../../core/params.ts';
import type { PortSpecs } from '../../core/node-definition.ts';
import type { ColumnSchema } from '../../core/table/table.ts';
import { useCompile, useNodeProblems, useServices } from '../app/services.tsx';
import { usePipeline, usePipelineStore, useRegistry } from '../store/context.tsx';
import { PHASE_COLOR, PHASE_LABEL, PORT_LABEL } from '../theme.ts';
import { Tip } from '../ui/Tip.tsx';
import { FairnessSetup } from '../fairness-setup/FairnessSetup.tsx';
import { needsFairnessSetup } from '../fairness-setup/setup-model.ts';
import { Markdown } from './Markdown.tsx';
import { ParamField } from './ParamField.tsx';
import { runInputColumns } from './run-input-columns.ts';

const NO_PROBLEMS: Problem[] = [];

/** The right-hand panel: the selected node's settings, problems and help. */
export function Inspector() {
  // Deferred: a click on the canvas (or adding a node) paints first; the settings and help of the
  // newly selected node render right after, in a render that yields to the browser.
  const selected = useDeferredValue(usePipeline((s) => s.selection.nodes));
  const count = usePipeline((s) => s.doc.nodes.length);
  if (selected.length === 0) {
    return (
      <aside className="cf-inspector" aria-label="Inspector">
        <div className="cf-empty">
          <h2>Nothing selected</h2>
          <p>
            {count === 0
              ? 'Add a node from the palette to begin.'
              : 'Select a node on the canvas to see and change its settings, problems and help.'}
          </p>
          <PipelineProblems />
        </div>
      </aside>
    );
  }
  if (selected.length > 1) {
    return (
      <aside className="cf-inspector" aria-label="Inspector">
        <div className="cf-empty">
          <h2>{selected.length} nodes selected</h2>
          <p>Press Delete to remove them, Ctrl+D to duplicate, Ctrl+C to copy.</p>
        </div>
      </aside>
    );
  }
  return <NodeInspector key={selected[0]} nodeId={selected[0]} />;
}

function PipelineProblems() {
  const general = useCompile((s) => s.general);
  if (general.length === 0) return null;
  return (
    <div className="cf-problems" role="alert">
      <h3>Problems in this pipeline</h3>
      <ul>
        {general.map((p, i) => (
          <li key={i}>{p.message}</li>
        ))}
      </ul>
    </div>
  );
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  const store = usePipelineStore();
  const registry = useRegistry();
  const { runs } = useServices();
  const node = usePipeline((s) => s.doc.nodes.find((n) => n.id === nodeId));
  const edges = usePipeline((s) => s.doc.edges);
  const running = usePipeline((s) => s.run.active);
  const runOutputs = usePipeline((s) => s.run.outputs);
  const compileResult = useCompile((s) => s.result);
  const problems = useNodeProblems(nodeId) ?? NO_PROBLEMS;
  const [label, setLabel] = useState(node?.label ?? '');
  useEffect(() => setLabel(node?.label ?? ''), [node?.label]);
  const def = node ? registry.get(node.type) : undefined;
  // Defaults are cloned for every param: only when the node's params change, not on every store update.
  const given = node?.params;
  const params = useMemo(() => (def && given ? (withDefaults(def.params, given) as Record<string, unknown>) : {}), [def, given]);

  if (!node) {
    return (
      <aside className="cf-inspector" aria-label="Inspector">
        <p className="cf-empty">This node no longer exists.</p>
      </aside>
    );
  }
  if (!def) {
    return (
      <aside className="cf-inspector" aria-label="Inspector">
        <h2>{node.id}</h2>
        <p className="cf-field-error">Unknown node type “{node.type}”. Remove this node or update Crispflow.</p>
      </aside>
    );
  }
  const doc = store.getState().doc;
  const inputSchemas = inputSchemasOf({ ...doc, edges }, compileResult, nodeId);
  const columnsOf = (port: string): ColumnSchema[] | undefined => {
    const s = inputSchemas[port] as { columns?: ColumnSchema[] } | undefined;
    return Array.isArray(s?.columns) ? s.columns : runInputColumns({ edges }, runOutputs, nodeId, port);
  };
  const protectedSpec = (def.params as ParamSpecs).protected;
  const setupColumns = protectedSpec?.kind === 'columns' ? columnsOf(protectedSpec.from) : undefined;
  const byParam = new Map<string, string[]>();
  const other: Problem[] = [];
  for (const p of problems) {
    if (p.field && p.field in def.params) byParam.set(p.field, [...(byParam.get(p.field) ?? []), p.message]);
    else other.push(p);
  }
  // Params that do not apply to the current mode (visibleWhen) are left out of the form.
  const entries = Object.entries(def.params as ParamSpecs).filter(([, spec]) => isParamVisible(spec, params));
  const basic = entries.filter(([, s]) => !s.advanced);
  const advanced = entries.filter(([, s]) => s.advanced);
  const field = ([name, spec]: (typeof entries)[number]) => (
    <ParamField
      key={name}
      name={name}
      spec={spec}
      value={params[name]}
      columns={spec.kind === 'column' || spec.kind === 'columns' ? columnsOf(spec.from) : undefined}
      problems={byParam.get(name) ?? []}
      onChange={(v) => store.getState().updateParams(nodeId, { [name]: v })}
    />
  );

  return (
    <aside className="cf-inspector" aria-label="Inspector" data-testid="inspector">
      <header className="cf-inspector-head" style={{ borderLeftColor: PHASE_COLOR[def.phase] }}>
        <h2>{node.label ?? def.title}</h2>
        <div className="cf-muted">
          {def.title} · {PHASE_LABEL[def.phase]} <Tip term="crisp-dm" /> · id <code>{node.id}</code>
        </div>
        <p className="cf-inspector-summary">{def.summary}</p>
      </header>

      <div className="cf-field">
        <label htmlFor="cf-node-label" className="cf-field-label">
          Label on the canvas
        </label>
        <input
          id="cf-node-label"
          type="text"
          value={label}
          placeholder={def.title}
          onChange={(e) => setLabel(e.target.value)}
          onBlur={() => store.getState().setLabel(nodeId, label)}
          onKeyDown={(e) => e.key === 'Enter' && store.getState().setLabel(nodeId, label)}
        />
      </div>

      {other.length > 0 && (
        <div className="cf-problems" role="alert" data-testid="inspector-problems">
          <h3>Needs attention</h3>
          <ul>
            {other.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}

      {needsFairnessSetup(def.params as ParamSpecs) && setupColumns && (
        <FairnessSetup nodeId={nodeId} specs={def.params as ParamSpecs} params={params} columns={setupColumns} />
      )}

      <section aria-labelledby="cf-settings-h" className="cf-inspector-section">
        <h3 id="cf-settings-h">Settings</h3>
        {basic.length === 0 && advanced.length === 0 && <p className="cf-muted">This node has no settings.</p>}
        {basic.map(field)}
        {advanced.length > 0 && (
          <details className="cf-advanced">
            <summary>Advanced settings ({advanced.length})</summary>
            {advanced.map(field)}
          </details>
        )}
      </section>

      <section aria-labelledby="cf-ports-h" className="cf-inspector-section">
        <h3 id="cf-ports-h">Ports</h3>
        <ul className="cf-port-list">
          {Object.entries(def.inputs as PortSpecs).map(([p, s]) => (
            <li key={`in-${p}`}>
              In: <strong>{s.label ?? p}</strong> — {PORT_LABEL[s.type]}
              {s.optional ? ' (optional)' : ''}
            </li>
          ))}
          {Object.entries(def.outputs as PortSpecs).map(([p, s]) => (
            <li key={`out-${p}`}>
              Out: <strong>{s.label ?? p}</strong> — {PORT_LABEL[s.type]}
            </li>
          ))}
        </ul>
      </section>

      <div className="cf-inspector-actions">
        <button type="button" className="cf-btn" onClick={() => runs.runTo(nodeId)} disabled={running}>
          Run to here
        </button>
      </div>

      {def.help && (
        <details className="cf-help" open>
          <summary>Help</summary>
          <Markdown source={def.help} />
        </details>
      )}
    </aside>
  );
}
