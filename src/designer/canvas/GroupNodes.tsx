/** A group's frame (open group) and its single card (folded group) on the canvas; see groups.ts. */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { PipelineDocument } from '../../core/document.ts';
import { usePipeline, usePipelineStore } from '../store/context.tsx';
import type { GroupCardNode, GroupFrameNode } from './group-flow.ts';
import { GROUP_IN, GROUP_OUT } from './group-flow.ts';
import { setGroupFolded, ungroup } from './groups.ts';

function useGroupEdit() {
  const store = usePipelineStore();
  // A document edit like any other: one undo step, saved with the pipeline.
  return (f: (doc: PipelineDocument) => PipelineDocument) => store.setState({ doc: f(store.getState().doc) });
}

export const GroupFrame = memo(function GroupFrame({ data }: NodeProps<GroupFrameNode>) {
  const edit = useGroupEdit();
  const store = usePipelineStore();
  const g = data.group;
  const fold = () => {
    edit((d) => setGroupFolded(d, g.id, true));
    // Hidden nodes do not stay selected (the inspector would show what cannot be seen).
    const sel = store.getState().selection;
    store.getState().select({ nodes: sel.nodes.filter((id) => !g.nodes.includes(id)) });
  };
  return (
    <div className="cf-group-frame" data-testid="group-frame" data-group-id={g.id} role="group" aria-label={`Group ${g.label}`}>
      <div className="cf-group-frame-head">
        <span className="cf-group-title">{g.label}</span>
        <button type="button" className="cf-btn cf-btn-quiet nodrag" onClick={fold} aria-label={`Fold group ${g.label}`}>
          Fold
        </button>
        <button type="button" className="cf-btn cf-btn-quiet nodrag" onClick={() => edit((d) => ungroup(d, g.id))} aria-label={`Ungroup ${g.label}`}>
          Ungroup
        </button>
      </div>
    </div>
  );
});

export const GroupCard = memo(function GroupCard({ data }: NodeProps<GroupCardNode>) {
  const edit = useGroupEdit();
  const g = data.group;
  // How far its members got in the last run: one line that still says "something failed inside".
  const summary = usePipeline((s) => {
    let done = 0;
    let failed = 0;
    let running = 0;
    for (const id of g.nodes) {
      const st = s.run.nodes[id]?.status;
      if (st === 'ok' || st === 'cached') done++;
      else if (st === 'error') failed++;
      else if (st === 'running' || st === 'queued') running++;
    }
    return failed ? `${failed} failed` : running ? 'Running' : done ? `${done} of ${g.nodes.length} done` : 'Idle';
  });
  return (
    <div className="cf-card cf-group-card" data-testid="group-card" data-group-id={g.id}>
      <Handle type="target" position={Position.Left} id={GROUP_IN} className="cf-handle" isConnectable={false} />
      <div className="cf-card-head">
        <span className="cf-card-title">{g.label}</span>
        <span className="cf-badge">{summary}</span>
      </div>
      <div className="cf-card-sub">
        {g.nodes.length} nodes folded{' '}
        <button type="button" className="cf-link-btn nodrag" onClick={() => edit((d) => setGroupFolded(d, g.id, false))} aria-label={`Unfold group ${g.label}`}>
          Unfold
        </button>
      </div>
      <Handle type="source" position={Position.Right} id={GROUP_OUT} className="cf-handle" isConnectable={false} />
    </div>
  );
});
