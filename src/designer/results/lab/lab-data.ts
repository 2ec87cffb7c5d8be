/**
 * Synthetic results for the viewer lab (a developer page, `npx vite` then /src/designer/results/lab/viewer-lab.html):
 * every viewer with realistic shapes, including hostile strings, without running a pipeline.
 */
import type { Document, FairnessReport, Metrics, Model } from '../../../core/ports.ts';
import type { Column, Table } from '../../../core/table/table.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

export function bigTable(n: number): Table {
  const r = lcg(1);
  const id = new Float64Array(n);
  const age = new Float64Array(n);
  const salary = new Float64Array(n);
  const hired = new Float64Array(n);
  const codes = new Int32Array(n);
  const rating = new Float64Array(n);
  const notes: Array<string | null> = new Array(n);
  const t0 = Date.UTC(2010, 0, 1);
  const noteChoices = ['<img src=x onerror=alert(1)>', '=HYPERLINK("http://evil","x")', 'steady performer', 'new joiner', null];
  for (let i = 0; i < n; i++) {
    id[i] = i + 1;
    age[i] = r() < 0.03 ? NaN : Math.round(22 + r() * 40);
    salary[i] = 30000 + r() * 90000 + (r() < 0.5 ? 0 : 20000);
    hired[i] = t0 + Math.floor(r() * 5000) * 86400000;
    codes[i] = r() < 0.02 ? -1 : Math.floor(r() * r() * 5);
    rating[i] = 1 + Math.floor(r() * 5);
    notes[i] = noteChoices[i % noteChoices.length];
  }
  const columns: Column[] = [
    { name: 'employee_id', type: 'integer', role: 'identifier', values: id },
    { name: 'age', type: 'integer', values: age },
    { name: 'salary', type: 'number', values: salary },
    { name: 'hire_date', type: 'date', role: 'time', values: hired },
    { name: 'department', type: 'category', codes, categories: ['Sales', 'Engineering', 'HR', 'Finance', 'Operations'] },
    { name: 'rating', type: 'integer', values: rating },
    { name: 'note', type: 'text', role: 'text', values: notes },
  ];
  return { nRows: n, columns };
}

export function labMetrics(): Metrics {
  const r = lcg(7);
  const n = 5000;
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = r() < 0.3 ? 1 : 0;
    const z = (labels[i] ? 0.9 : -0.6) + (r() + r() + r() - 1.5) * 1.6;
    scores[i] = 1 / (1 + Math.exp(-z));
  }
  // curves from the scores, sorted descending
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  const nPos = labels.reduce((s, x) => s + x, 0);
  const nNeg = n - nPos;
  const roc: Metrics['roc'] = [{ fpr: 0, tpr: 0, threshold: 1 }];
  const pr: Metrics['pr'] = [];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (const i of order) {
    if (labels[i]) tp++;
    else {
      fp++;
      auc += tp;
    }
    roc.push({ fpr: fp / nNeg, tpr: tp / nPos, threshold: scores[i] });
    pr.push({ recall: tp / nPos, precision: tp / (tp + fp), threshold: scores[i] });
  }
  let ctp = 0, cfp = 0, ctn = 0, cfn = 0;
  for (let i = 0; i < n; i++) {
    const sel = scores[i] >= 0.5;
    if (sel && labels[i]) ctp++;
    else if (sel) cfp++;
    else if (labels[i]) cfn++;
    else ctn++;
  }
  const precision = ctp / (ctp + cfp);
  const recall = ctp / (ctp + cfn);
  return {
    kind: 'classification',
    values: { auc: auc / (nPos * nNeg), precision, recall, f1: (2 * precision * recall) / (precision + recall), accuracy: (ctp + ctn) / n, logLoss: 0.52 },
    threshold: 0.5,
    confusion: { tp: ctp, fp: cfp, tn: ctn, fn: cfn },
    roc,
    pr,
    scores,
    labels,
  };
}

export function labModel(): Model {
  const names = ['kpi_score', 'training_score', 'peer_rating', 'projects_led', 'awards', 'tenure_years', 'department=Sales', 'department=Engineering', 'department=HR', '<b>bold</b> feature'];
  const coef = Float64Array.from([1.42, 0.83, 0.61, 0.44, 0.2, -0.12, -0.55, 0.31, -0.9, 0.05]);
  return {
    kind: 'logistic-regression',
    hyperParams: { l2: 0.01, classWeight: 'balanced', maxIter: 200 },
    featureNames: names,
    featurizer: {},
    state: { coef, intercept: -1.3 },
    target: { column: 'promoted', positive: '1' },
    fingerprint: '9f3a1c0d2b7e4a55',
    trainedAt: '2025-11-25T17:00:00Z',
  };
}

export function labFairness(): FairnessReport {
  return {
    attribute: 'group',
    privileged: 'A',
    favorable: '1',
    groups: [
      { group: 'A', n: 2510, selectionRate: 0.31, tpr: 0.78, fpr: 0.12 },
      { group: 'B', n: 2490, selectionRate: 0.19, tpr: 0.61, fpr: 0.07 },
    ],
    disparateImpact: 0.19 / 0.31,
    statisticalParityDifference: 0.19 - 0.31,
    equalOpportunityDifference: 0.61 - 0.78,
    averageOddsDifference: (0.61 - 0.78 + 0.07 - 0.12) / 2,
    equalizedOddsDifference: 0.17,
    warnings: ['Group B has a selection rate below four-fifths of group A.'],
  };
}

export function labDocument(): Document {
  return {
    kind: 'report',
    title: 'Import report',
    data: { rows: 5000, problems: [{ row: 12, column: 'age', value: '<script>alert(1)</script>', message: 'Not a number.' }], nested: { deep: { deeper: [1, 2, 3] } } },
    html: '<h1>Report</h1><p>Scripts must not run here.</p><script>parent.document.title = "pwned"; alert(1)</script><img src=x onerror="alert(2)">',
  };
}
