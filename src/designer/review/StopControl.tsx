/** Stops the use of the pipeline (no decision can be made until it is released) or releases it, each with a reason. */
import { useState } from 'react';
import type { ReviewHalt } from '../../../nodes/human-review/types.ts';

export function StopControl(props: { halt?: ReviewHalt; reviewer: string; onStop(reason: string): Promise<void>; onRelease(reason: string): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const act = async (f: (r: string) => Promise<void>) => {
    setError(undefined);
    try {
      await f(reason);
      setOpen(false);
      setReason('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className={`cf-review-stop${props.halt ? ' cf-review-halted' : ''}`}>
      {props.halt ? (
        <p role="alert" data-testid="halted">
          Stopped by {props.halt.by} on {new Date(props.halt.at).toLocaleString()}: {props.halt.reason}. No decision can be made and the pipeline must not be used.
        </p>
      ) : null}
      {!open ? (
        <button type="button" className={props.halt ? 'cf-btn' : 'cf-btn cf-btn-danger'} onClick={() => setOpen(true)} data-testid={props.halt ? 'release-open' : 'stop-open'}>
          {props.halt ? 'Release the pipeline…' : 'Stop using this pipeline…'}
        </button>
      ) : (
        <div className="cf-review-stop-form">
          <label className="cf-field">
            <span className="cf-field-label">{props.halt ? 'Why may it be used again?' : 'Why must it stop?'}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="stop-reason" />
          </label>
          <button
            type="button"
            className={props.halt ? 'cf-btn cf-btn-primary' : 'cf-btn cf-btn-danger'}
            disabled={!reason.trim() || !props.reviewer.trim()}
            onClick={() => void act(props.halt ? props.onRelease : props.onStop)}
            data-testid="stop-confirm"
          >
            {props.halt ? 'Release' : 'Stop'}
          </button>
          <button type="button" className="cf-btn cf-btn-quiet" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="cf-review-error">
          {error}
        </p>
      )}
    </div>
  );
}
