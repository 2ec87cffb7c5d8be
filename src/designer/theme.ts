/** Colours and names shared by palette, node cards and legends. Restrained on purpose. */
import type { CrispPhase } from '../core/node-definition.ts';
import type { PortType } from '../core/ports.ts';

export const PHASE_LABEL: Record<CrispPhase, string> = {
  'business-understanding': 'Business understanding',
  'data-understanding': 'Data understanding',
  'data-preparation': 'Data preparation',
  modeling: 'Modeling',
  evaluation: 'Evaluation',
  deployment: 'Deployment',
};

/** Phase accent colours (muted; text on them is dark). */
export const PHASE_COLOR: Record<CrispPhase, string> = {
  'business-understanding': '#8c6bb1',
  'data-understanding': '#3b82a0',
  'data-preparation': '#4f9a74',
  modeling: '#c2883a',
  evaluation: '#b85c5c',
  deployment: '#5b6b8c',
};

export const PORT_COLOR: Record<PortType, string> = {
  table: '#2f7fb8',
  predictions: '#1f9e89',
  model: '#b5651d',
  metrics: '#a23b72',
  fairness: '#6a4c93',
  explanation: '#3d8b37',
  review: '#8a6d00',
  report: '#555f6d',
};

export const PORT_LABEL: Record<PortType, string> = {
  table: 'Table',
  predictions: 'Predictions',
  model: 'Model',
  metrics: 'Metrics',
  fairness: 'Fairness report',
  explanation: 'Explanation',
  review: 'Review decisions',
  report: 'Report',
};
