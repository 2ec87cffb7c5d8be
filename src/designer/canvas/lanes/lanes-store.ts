/** Whether the canvas shows phase lanes; remembered on this computer (a view setting, not part of the pipeline). */
import { createStore } from 'zustand/vanilla';

const KEY = 'crispflow.phaseLanes';

function initial(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'on';
  } catch {
    return false; // storage blocked: lanes simply start off
  }
}

export const lanesView = createStore<{ on: boolean }>(() => ({ on: initial() }));

export function setLanesOn(on: boolean): void {
  lanesView.setState({ on });
  try {
    globalThis.localStorage?.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // not remembered; the view still switches
  }
}
